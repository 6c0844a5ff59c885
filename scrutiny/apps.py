from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def _install_bank(sender, apps=global_apps, **kwargs):
    """A flush (as in a transactional test) empties what the data migrations loaded;
    put the question bank, the health checks and the library of past reviews back.
    A flush sends no app registry; migrate sends its own."""
    from scrutiny import bank, library

    try:
        Question = apps.get_model("scrutiny", "ScopingQuestion")
        Check = apps.get_model("scrutiny", "HealthCheck")
    except LookupError:  # migrating to a state before the scrutiny tables exist
        return
    bank.install(Question, Check)
    try:
        PastReview = apps.get_model("scrutiny", "PastReview")
        PastReviewTheme = apps.get_model("scrutiny", "PastReviewTheme")
    except LookupError:  # migrating to a state before the library's tables exist
        return
    library.install(PastReview, PastReviewTheme)


class ScrutinyConfig(AppConfig):
    name = "scrutiny"

    def ready(self):
        from scrutiny import signals

        post_migrate.connect(_install_bank, sender=self)
        signals.connect()
