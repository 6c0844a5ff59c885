"""Whether an email reached its inbox, as GOV.UK Notify reports it afterwards.

Notify takes an email at once (config/notify.py) and tries to deliver it later. Each
reminder and notice email carries a reference naming the rows it was sent for
("reminder:12" or "notice:40,41,42"); Notify sends that reference back, with the
outcome, to the delivery-status callback (NOTIFY_CALLBACK_TOKEN, set in Notify's
API integration page). A failure is written into those rows' error, where an
administrator sees it (Administration, Reminders and Notices), with what it means
and what to do."""

import re

from reminders.models import Notice, Reminder

REFERENCE = "X-Reference"
# Notify keeps a reference of at most this many characters: a digest of more notices
# than fit names the first ones.
LONGEST = 100
KINDS = {"reminder": Reminder, "notice": Notice}
FAILURES = {
    "permanent-failure": "the address does not exist or will not take email: correct it "
    "in the register or the account",
    "temporary-failure": "the inbox was full or its mail server away for 72 hours: it may "
    "work another day",
    "technical-failure": "Notify had a technical problem and did not send it",
}
_PATTERN = re.compile(r"(reminder|notice):([0-9]+(?:,[0-9]+)*)")


def reference(model, ids):
    """The reference of an email sent for these rows of `model` (Reminder or Notice)."""
    name = "reminder" if model is Reminder else "notice"
    text = f"{name}:" + ",".join(str(pk) for pk in ids)
    if len(text) > LONGEST:
        text = text[: text.rindex(",", 0, LONGEST)]
    return text


def record(report):
    """Write a delivery failure Notify reports into the rows its reference names.
    How many rows; 0 for a delivered email, or a reference that names none of ours."""
    meaning = FAILURES.get(report.get("status"))
    found = _PATTERN.fullmatch(str(report.get("reference") or ""))
    if meaning is None or found is None:
        return 0
    model = KINDS[found.group(1)]
    ids = [int(pk) for pk in found.group(2).split(",")]
    when = str(report.get("completed_at") or report.get("sent_at") or "")[:19].replace("T", " ")
    error = f"Not delivered ({report['status']}{', ' + when if when else ''}): {meaning}."
    return model.objects.filter(pk__in=ids).update(error=error)
