"""The columns of the money's lists and tables, declared once for the page and
its CSV and XLSX downloads (see config.exports). Amounts are pence in the
records and pounds in a download."""

from config.exports import Column, choice, field, money, number, yes_no

EVALUATION = {"overdue": "Overdue", "received": "Received", "due": "Due later", "": "Not asked for"}
RETURN_STATES = {
    "missing": "Missing",
    "late": "Late",
    "received": "Received",
    "upcoming": "To come",
}


def _returns(counts):
    """The Returns column as the grant list writes it."""
    said = [
        f"{counts[key]} {label}"
        for key, label in (("missing", "missing"), ("late", "late"), ("received", "on time"))
        if counts[key]
    ]
    if said:
        return ", ".join(said)
    return f"{counts['upcoming']} to come" if counts["upcoming"] else "None expected"


BUDGETS = [
    field("Year", "year_label"),
    field("Partnership", "holder.name"),
    field("Stream", "stream.name"),
    field("Funder", "stream.funder.name", on_page=False),
    choice("Status", "status"),
    yes_no("As reported", lambda b: b.as_reported, on_page=False),
    money("Budget", lambda b: b.amount),
    money("Committed", lambda b: b.committed),
    money("Left", lambda b: b.left),
]

STREAMS = [
    field("Stream", "name"),
    field("Funder", "funder.name"),
    choice("Kind", "kind"),
    yes_no("Ring-fenced", lambda s: s.ring_fenced),
]

# The grant list: rows are {"grant", "returns", "evaluation"}, as the view makes them.
GRANTS = [
    Column("Project", lambda r: r["grant"].title),
    field("Identifier", "grant.identifier", on_page=False),
    yes_no("Pilot", lambda r: r["grant"].pilot, on_page=False),
    field("Partnership", "grant.partnership.name", on_page=False),
    field("Awarded", "grant.award_date", on_page=False),
    field("Provider", "grant.provider.name"),
    field("Portfolio", "grant.portfolio.name"),
    money("Amount", lambda r: r["grant"].amount),
    Column("Status", lambda r: r["grant"].get_status_display()),
    Column("Returns", lambda r: _returns(r["returns"])),
    number("Returns on time", lambda r: r["returns"]["received"], on_page=False),
    number("Returns late", lambda r: r["returns"]["late"], on_page=False),
    number("Returns missing", lambda r: r["returns"]["missing"], on_page=False),
    number("Returns to come", lambda r: r["returns"]["upcoming"], on_page=False),
    Column("Evaluation", lambda r: EVALUATION[r["evaluation"]]),
    field("Evaluation due", "grant.evaluation_due", on_page=False),
]

ALLOCATIONS = [
    field("Recipient", "recipient"),
    field("Recipient partnership", "recipient_partnership.name", on_page=False),
    Column("Withdrawn", lambda a: "Yes" if a.withdrawn_at else "No", on_page=False),
    money("Amount", lambda a: a.amount),
    Column("How", lambda a: str(a.formula) if a.formula_id else "By hand"),
]

BUDGET_GRANTS = [
    field("Grant", "title"),
    money("Amount", lambda g: g.amount),
    field("Provider", "provider.name"),
    choice("Status", "status"),
]

# A grant's page: its monitoring returns, as return_schedule() gives them.
RETURNS = [
    Column("Period ending", lambda s: s["period_end"]),
    Column("Due", lambda s: s["due"]),
    Column("State", lambda s: RETURN_STATES[s["state"]]),
    Column("Received", lambda s: s["received"].received if s["received"] else None),
    Column("RAG", lambda s: s["received"].get_rag_display() if s["received"] else None),
    Column(
        "Outputs and outcomes",
        lambda s: (
            "\n\n".join(x for x in (s["received"].outputs, s["received"].outcomes) if x)
            if s["received"]
            else None
        ),
    ),
    Column(
        "Evidence",
        lambda s: ("Yes" if s["received"].evidence else "No") if s["received"] else None,
        on_page=False,
    ),
]


def formula_values_columns(areas):
    """The formula's grid: a row per indicator, a column per area. Rows are (indicator, cells)."""
    return [
        Column("Indicator", lambda row: row[0].name),
        Column("Source", lambda row: row[0].source, on_page=False),
        number("Weight", lambda row: row[0].weight),
        *[number(area.recipient, lambda row, i=i: row[1][i]) for i, area in enumerate(areas)],
    ]


def formula_split_columns(*, previous_label, year_label, what_if):
    """The proposed split, a row per area and the total row last (its area is None)."""
    return [
        Column("Area", lambda r: r["area"].recipient if r["area"] else "Total"),
        number("Share", lambda r: round(r["share"], 2), unit="%"),
        money("Proposed", lambda r: r["proposed"]),
        money(previous_label, lambda r: r["previous"]),
        money("Change", lambda r: r["change"]),
        money(f"Recorded for {year_label}", lambda r: r["recorded"]),
        *(
            [
                money("What-if", lambda r: r["what_if"]),
                money("What-if less proposed", lambda r: r["what_if_change"]),
            ]
            if what_if
            else []
        ),
    ]
