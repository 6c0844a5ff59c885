from celery import shared_task
from django.utils import timezone

from config import files
from partnerships.personal_data import anonymise_archived


@shared_task(name="partnerships.anonymise_archived")
def anonymise_archived_people():
    """Nightly: people archived PEOPLE_ANONYMISED_AFTER_YEARS ago, with their history."""
    return anonymise_archived()


@shared_task(name="partnerships.release_abandoned_imports")
def release_abandoned_imports():
    """Nightly: register uploads held for a preview nobody confirmed (they hold people's
    details), once they are older than config.files.HELD_FOR."""
    files.release_abandoned(timezone.now())
