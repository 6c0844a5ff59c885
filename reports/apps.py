from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from config import jobs

        # A report still waiting for its build is sent to the queue again.
        jobs.requeue_when_waiting("reports.tasks.build_report", "reports.Report")
