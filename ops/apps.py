from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations"

    def ready(self):
        from config import celery
        from ops.models import FailedJob

        # A background task that fails for good leaves a row that admins see.
        celery.record_failures_with(FailedJob.record)
