"""The columns of the strategy's tables, declared once for the page and its CSV
and XLSX downloads (see config.exports)."""

from django.utils import timezone

from config.exports import Column, choice, field, number
from strategy.models import BAND_LABELS

# The strategy page: one row per priority of every plan, in the page's order.
PRIORITIES = [
    Column("Plan", lambda r: r["priority"].plan.title, on_page=False),
    Column("Priority", lambda r: r["priority"].title),
    Column("Needs attention", lambda r: "; ".join(r["flags"]), on_page=False),
    Column("Accountable lead", lambda r: getattr(r["priority"].lead_person, "name", None)),
    Column(
        "Lead organisation",
        lambda r: getattr(r["priority"].lead_organisation, "name", None),
        on_page=False,
    ),
    Column("RAG", lambda r: r["latest"].get_rag_display() if r["latest"] else None),
    Column("Last update", lambda r: r["priority"].last_update),
    Column(
        "Milestones due (90 days)",
        lambda r: "; ".join(f"{m.what} ({m.due.isoformat()})" for m in r["milestones_due"]),
    ),
    Column("Indicators", lambda r: "; ".join(i.name for i in r["priority"].indicators.all())),
]

# The county dashboard's download: one row per district priority serving one of the
# agreement's, and one for each of its priorities that none serves.
AGREEMENT = [
    Column("Agreement priority", lambda r: r[0].title),
    Column("Partnership", lambda r: r[1].name if r[1] else "None serves it"),
    Column("Its priority", lambda r: r[2].priority.title if r[2] else None),
    Column("RAG", lambda r: r[2].rag.title() if r[2] and r[2].rag else None),
    Column("Last update", lambda r: r[2].updated if r[2] else None),
]

INDICATORS = [
    field("Indicator", "name"),
    choice("Direction", "direction"),
    field("Unit", "unit", on_page=False),
    field("Source", "source.name", on_page=False),
    choice("Frequency", "frequency", on_page=False),
]

MILESTONES = [
    field("What", "what"),
    field("Done on", "done_on", on_page=False),
    field("Who", "who"),
    field("By when", "due"),
    field("How measured", "measure"),
]

# An indicator's page: the figures beside its chart, and its values by area.
INDICATOR_VALUES = [
    Column("Period", lambda r: r["period"]),
    number("Value", lambda r: r["value"]),
    number("Target", lambda r: r["target"]),
    Column("RAG", lambda r: (r["rag"] or "").capitalize() or None),
    Column("Trend", lambda r: r["trend"]),
]

INDICATOR_AREAS = [
    field("Area", "area"),
    field("Period", "period"),
    number("Value", lambda v: v.value),
]

# The risk register: one row per risk, highest residual score first.
RISKS = [
    Column("Risk", lambda r: r.title),
    Column("Group", lambda r: r.group.name if r.group else "Whole partnership"),
    choice("Category", "category", on_page=False),
    Column("Owner", lambda r: getattr(r.owner, "name", None)),
    Column("Cause", lambda r: r.cause, on_page=False),
    Column("Effect", lambda r: r.effect, on_page=False),
    number("Inherent likelihood", lambda r: r.inherent_likelihood, on_page=False),
    number("Inherent impact", lambda r: r.inherent_impact, on_page=False),
    number("Inherent score", lambda r: r.inherent),
    Column("Controls", lambda r: r.controls, on_page=False),
    number("Residual likelihood", lambda r: r.residual_likelihood, on_page=False),
    number("Residual impact", lambda r: r.residual_impact, on_page=False),
    number("Residual score", lambda r: r.residual),
    Column("Residual band", lambda r: BAND_LABELS[r.residual_band], on_page=False),
    Column("Movement", lambda r: r.latest_movement() or "–"),
    Column("Priorities", lambda r: "; ".join(p.title for p in r.priorities.all()), on_page=False),
    Column("Review due", lambda r: r.review_due),
    Column("Last reviewed", lambda r: r.last_reviewed, on_page=False),
    Column("Closed on", lambda r: r.closed_on, on_page=False),
]

RISK_REVIEWS = [
    Column("Reviewed on", lambda r: r["review"].reviewed_on),
    number("Likelihood", lambda r: r["review"].likelihood),
    number("Impact", lambda r: r["review"].impact),
    number("Score", lambda r: r["review"].score),
    Column("Movement", lambda r: r["movement"] or "First review"),
    Column("What changed", lambda r: r["review"].note),
]

RISK_HISTORY = [
    Column("When", lambda c: timezone.localtime(c["when"]).replace(tzinfo=None)),
    Column("Who", lambda c: str(c["who"]) if c["who"] else "The system"),
    Column("What changed", lambda c: "; ".join(c["fields"]) or "Saved with no change"),
]
