"""The columns of the domestic homicide review register, declared once for the page
and its CSV and XLSX downloads (see config.exports)."""

from django.utils import timezone

from config.exports import Column, choice, number


def _late(review):
    return "; ".join(stage.name for stage in review.late_stages(timezone.localdate())) or "None"


REVIEWS = [
    Column("Case reference", lambda r: r.case_reference),
    Column("Notified on", lambda r: r.notified_on),
    choice("Decision", "decision"),
    Column("Decided on", lambda r: r.decided_on, on_page=False),
    Column("Decision due", lambda r: r.decision_due, on_page=False),
    Column("Independent chair", lambda r: r.independent_chair, on_page=False),
    Column("Panel", lambda r: "; ".join(o.name for o in r.panel.all()), on_page=False),
    Column("Report due", lambda r: r.report_due),
    Column("Extended to", lambda r: r.extended_to, on_page=False),
    Column("Reason for the extension", lambda r: r.extension_reason, on_page=False),
    Column("Report completed on", lambda r: r.report_completed_on, on_page=False),
    Column("Submitted to the Home Office on", lambda r: r.submitted_on, on_page=False),
    Column("Quality assured on", lambda r: r.quality_assured_on, on_page=False),
    choice("Quality assurance outcome", "qa_outcome", on_page=False),
    Column("Published on", lambda r: r.published_on, on_page=False),
    Column("Closed on", lambda r: r.closed_on, on_page=False),
    Column("Late stages", _late),
    number("Recommendations", lambda r: len(r.recommendations.all())),
    number(
        "Recommendations open",
        lambda r: sum(rec.action.is_open for rec in r.recommendations.all()),
        on_page=False,
    ),
]
