"""The columns of the agreements register and an agreement's tables, declared once for
the page and its CSV and XLSX downloads (see config.exports)."""

from django.utils import timezone

from config.exports import Column, choice, field


def _parties(agreement):
    return "; ".join(
        f"{p.organisation.name} ({f'signed {p.signed_on:%-d %B %Y}' if p.signed_on else 'not signed'})"
        for p in agreement.parties.all()
    )


AGREEMENTS = [
    field("Agreement", "title"),
    choice("Kind", "kind"),
    Column("Status", lambda a: a.status_label),
    Column("Parties", _parties),
    Column("Purpose", lambda a: a.purpose, on_page=False),
    choice("Lawful basis", "lawful_basis", on_page=False),
    Column("Article 9 or 10 condition", lambda a: a.special_condition, on_page=False),
    field("Starts", "starts", on_page=False),
    field("Review due", "review_due"),
    field("Ends", "ends", on_page=False),
]

PARTIES = [
    field("Organisation", "organisation.name"),
    field("Signatory", "signatory_name"),
    field("Job title", "signatory_job_title"),
    Column("Signed on", lambda p: p.signed_on or "Not signed"),
]

HISTORY = [
    Column("When", lambda c: timezone.localtime(c["when"]).replace(tzinfo=None)),
    Column("Who", lambda c: str(c["who"]) if c["who"] else "The system"),
    Column("What changed", lambda c: "; ".join(c["fields"]) or "Saved with no change"),
]
