"""The columns of the strategy's tables, declared once for the page and its CSV
and XLSX downloads (see config.exports)."""

from config.exports import Column, choice, field, number

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
