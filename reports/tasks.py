from celery import shared_task

from config.celery import RecordedTask
from reports import services


class BuildReportTask(RecordedTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = args[0] if args else kwargs.get("report_id")
        services.fail(report_id, f"{type(exc).__name__}: {exc}")
        super().on_failure(exc, task_id, args, kwargs, einfo)


@shared_task(bind=True, base=BuildReportTask, name="reports.build")
def build_report(self, report_id):
    report = services.build(report_id)
    return report.pk if report else None


@shared_task(name="reports.delete_old")
def delete_old_reports():
    """Nightly: the reports past their keeping, deleted (reports/services.py)."""
    return services.delete_old()
