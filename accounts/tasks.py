from celery import shared_task

from accounts.retention import prune_sign_in_records


@shared_task(name="accounts.prune_sign_in_records")
def prune_sign_ins():
    """Nightly: sign-in records past SIGN_IN_RECORD_DAYS, and expired sessions."""
    return {str(what): count for what, count in prune_sign_in_records().items()}
