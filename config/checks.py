"""Start-up checks for production: settings that have a harmless default in
development but would quietly do the wrong thing with DEBUG off.

They run with `manage.py migrate` (compose's `migrate` step, before web, worker and
beat start), `check` and `runserver`, so a production deployment missing one stops
with the reason rather than keeping its data in SQLite or building reports
inside web requests.
"""

from django.conf import settings
from django.core.checks import Error, register


@register("production")
def production_settings(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    errors = []
    if not settings.DATABASE_URL_GIVEN:
        errors.append(
            Error(
                "DATABASE_URL is not set: production would keep its records in a SQLite "
                "file beside the code.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/name.",
                id="config.E001",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.TASKS_INLINE:
        errors.append(
            Error(
                "No Celery broker is set: reports and reminders would run inside web "
                "requests, and beat schedules would never fire.",
                hint="Set REDIS_URL (or CELERY_BROKER_URL); or TASKS_INLINE=true to mean it.",
                id="config.E002",
            )
        )
    if not settings.SITE_URL:
        errors.append(
            Error(
                "SITE_URL is not set: links in reminder emails would have no address.",
                hint="Set SITE_URL=https://your-host.example.gov.uk.",
                id="config.E003",
            )
        )
    # Without EMAIL_URL, production's mail goes to Django's dummy backend: nowhere.
    if settings.EMAIL_DELIVERY_BACKEND == "django.core.mail.backends.dummy.EmailBackend":
        errors.append(
            Error(
                "EMAIL_URL is not set: reminders, escalations and password resets would "
                "not be sent.",
                hint="Set EMAIL_URL=smtp+tls://user:password@smtp.example.gov.uk:587.",
                id="config.E004",
            )
        )
    if not settings.DEFAULT_FROM_EMAIL and not settings.NOTIFY_API_KEY:
        errors.append(
            Error(
                "DEFAULT_FROM_EMAIL is not set: emails would have no sender.",
                hint="Set DEFAULT_FROM_EMAIL=community.safety@your-council.gov.uk.",
                id="config.E005",
            )
        )
    missing = [
        name
        for name in (
            "COUNCIL_CONTACT_EMAIL",
            "COUNCIL_ADDRESS",
            "DATA_PROTECTION_OFFICER_EMAIL",
            "ACCESSIBILITY_STATEMENT_PREPARED",
            "ACCESSIBILITY_STATEMENT_REVIEWED",
        )
        if not getattr(settings, name)
    ]
    if missing:
        errors.append(
            Error(
                f"{', '.join(missing)} not set: the privacy notice and the accessibility "
                "statement would show no way to reach the council, or no dates.",
                hint="Set them as .env.example shows.",
                id="config.E006",
            )
        )
    if settings.GRANT_ID_PREFIX == settings.DEMO_GRANT_ID_PREFIX:
        errors.append(
            Error(
                f"GRANT_ID_PREFIX is the demo's ({settings.DEMO_GRANT_ID_PREFIX}): the council's "
                "published grants would carry identifiers that are not its own.",
                hint="Set GRANT_ID_PREFIX to the prefix 360Giving registered for the council, "
                "e.g. 360G-wiltshire.",
                id="config.E007",
            )
        )
    return errors
