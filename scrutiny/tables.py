"""The columns of scrutiny's lists and tables and of the dashboard's data
tables, declared once for the page and its CSV and XLSX downloads (see
config.exports)."""

from django.utils import timezone

from config.exports import Column, choice, field, money, number
from scrutiny.bank import CHECK_TITLES

TRENDS = {"better": "Better", "worse": "Worse", "same": "No change"}
EVALUATION = {"overdue": "Overdue", "received": "Received", "due": "Due later", "": "Not asked for"}


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _rag(value):
    return value.capitalize() if value else None


REVIEWS = [
    field("Review", "title"),
    choice("Kind", "kind", on_page=False),
    field("Committee", "committee", on_page=False),
    Column("Partnerships in scope", lambda r: "; ".join(p.name for p in r.partnerships.all())),
    field("Started", "started"),
    field("Reported", "reported", on_page=False),
    choice("Stage", "status"),
    number("Recommendations", lambda r: r.recommendation_count),
    number("Awaiting a response", lambda r: r.awaiting_count),
]


def finding_columns(base_url):
    """Governance health findings; the partnership and the full link are in the download only."""
    return [
        Column("Severity", lambda f: f.severity.capitalize()),
        Column("Check", lambda f: CHECK_TITLES.get(f.check_name, f.check_name)),
        Column("Record", lambda f: f.subject),
        Column("Detail", lambda f: f.detail),
        Column("Answer", lambda f: f.get_answer_display() if f.answer else "Not answered"),
        Column("Partnership", lambda f: f.partnership.name, on_page=False),
        Column("Kind of record", lambda f: f.subject_type, on_page=False),
        Column("Link", lambda f: base_url + f.url.lstrip("/") if f.url else None, on_page=False),
        Column("First found", lambda f: _local(f.first_found).date(), on_page=False),
        Column("Why", lambda f: f.reason, on_page=False),
        Column("Look again on", lambda f: f.review_on, on_page=False),
    ]


# A review's page.
REVIEW_MEMBERS = [
    field("Name", "name"),
    choice("Role", "role"),
    field("Party, ward or body", "affiliation"),
    Column("May change the review", lambda m: "Yes" if m.user_id else "No"),
]

KEY_ISSUES = [
    number("No.", lambda f: f.position),
    choice("Theme", "theme"),
    field("Key issue", "text"),
    Column("Withdrawn", lambda f: _local(f.withdrawn_at), on_page=False),
]

# Rows are {"rec", "actions" (only those the reader may see), ...}, as the review page makes them.
RECOMMENDATIONS = [
    field("Reference", "rec.reference"),
    field("Recommendation", "rec.text"),
    Column("Addressed to", lambda r: str(r["rec"].addressed_to)),
    Column("Response", lambda r: r["rec"].get_response_display()),
    field("Response date", "rec.response_date"),
    field("Response due", "rec.response_due"),
    Column("Response overdue", lambda r: "Yes" if r["response_overdue"] else "No"),
    field("Response text", "rec.response_text"),
    Column("Implementation", lambda r: r["rec"].get_implementation_display()),
    field("Follow-up due", "rec.follow_up_due"),
    Column("Follow-up overdue", lambda r: "Yes" if r["follow_up_overdue"] else "No"),
    Column("Withdrawn", lambda r: _local(r["rec"].withdrawn_at)),
    number("Actions", lambda r: len(r["actions"])),
    Column("The actions", lambda r: "; ".join(a.description for a in r["actions"])),
]

REVIEW_HISTORY = [
    Column("When", lambda c: _local(c["when"])),
    Column("Who", lambda c: str(c["who"]) if c["who"] else "The system"),
    Column("What", lambda c: c["what"]),
    Column("What changed", lambda c: "; ".join(c["fields"])),
]

# The data tables of the dashboard, beside its charts: rows as scrutiny.dashboard makes them.
FINDINGS_BY_SEVERITY = [
    Column("Severity", lambda pair: pair[0]),
    number("Findings", lambda pair: pair[1]),
]

FINDINGS_EACH_WEEK = [
    Column("Week of", lambda row: row[0]),
    number("Counted", lambda row: row[1]),
    number("Answered", lambda row: row[2]),
]

FOLLOW_UPS = [
    field("Reference", "rec.reference", on_page=False),
    Column("Recommendation", lambda r: r["rec"].text),
    field("Review", "rec.review.title", on_page=False),
    Column("Response", lambda r: r["rec"].get_response_display()),
    Column("Implementation", lambda r: r["rec"].get_implementation_display()),
    field("Follow-up", "rec.follow_up_due"),
    Column("Overdue", lambda r: "Yes" if r["overdue"] else "No", on_page=False),
]

ATTENDANCE_BY_ORGANISATION = [
    field("Organisation", "name"),
    number("Meetings expected", lambda r: r.expected),
    number("Represented", lambda r: r.represented),
    number("Rate", lambda r: r.percent, unit="%"),
]

ATTENDANCE_BY_SENIORITY = [
    Column("Seniority", lambda r: r["seniority"]),
    number("Attendances", lambda r: r["count"]),
    number("Share", lambda r: r["percent"], unit="%", on_page=False),
]

OVERDUE_ACTIONS = [
    number("No.", lambda r: r["action"].pk, on_page=False),
    Column("Action", lambda r: r["action"].description),
    field("Group", "action.group.name"),
    field("Owner", "action.owner.name"),
    field("Due", "action.due"),
    number("Days overdue", lambda r: r["days"]),
]

PRIORITIES = [
    field("Plan", "plan.title", on_page=False),
    field("Priority", "title"),
    field("Accountable lead", "lead_person.name"),
    Column("RAG", lambda p: _rag(p.rag)),
    field("Last update", "updated"),
]

INDICATORS = [
    field("Indicator", "indicator.name"),
    field("Unit", "indicator.unit", on_page=False),
    number("Latest", lambda r: r["last"].value if r["last"] else None),
    Column("Latest period", lambda r: r["last"].period if r["last"] else None, on_page=False),
    number("Before", lambda r: r["previous"].value if r["previous"] else None),
    Column(
        "Period before", lambda r: r["previous"].period if r["previous"] else None, on_page=False
    ),
    number("Target", lambda r: r["target"]),
    Column("Trend", lambda r: TRENDS.get(r["trend"])),
    Column("RAG", lambda r: _rag(r["rag"])),
]

# The heat map's own table is strategy.risk_map.HEAT_MAP; under it, the count by band.
RISKS_BY_BAND = [
    Column("Band", lambda pair: pair[0]),
    number("Open risks", lambda pair: pair[1]),
]

# Grants by priority, with the total row the page shows last.
FUNDING_BY_PRIORITY = [
    Column("Priority", lambda r: r["priority"]),
    money("Grants", lambda r: r["total"]),
]

NO_EVALUATION = [
    field("Project", "grant.title"),
    field("Provider", "grant.provider.name"),
    Column("Evaluation", lambda r: EVALUATION[r["state"]]),
    field("Evaluation due", "grant.evaluation_due"),
]
