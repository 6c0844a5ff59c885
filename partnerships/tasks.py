from celery import shared_task

from partnerships.personal_data import anonymise_archived


@shared_task(name="partnerships.anonymise_archived")
def anonymise_archived_people():
    """Nightly: people archived PEOPLE_ANONYMISED_AFTER_YEARS ago, with their history."""
    return anonymise_archived()
