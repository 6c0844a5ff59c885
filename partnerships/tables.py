"""The columns of the register's lists and tables, declared once for the page
and its CSV and XLSX downloads (see config.exports)."""

from django.utils import timezone

from config.exports import Column, choice, field, number, yes_no
from partnerships.models import Group


def _local(moment):
    """A stored time as the local time the pages show, without a zone (for a spreadsheet)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _tor_status(group):
    return Group.TorStatus(group.tor_status()).label


PARTNERSHIPS = [
    field("Partnership", "name"),
    choice("Status", "status", on_page=False),
    choice("Kind", "kind"),
    field("Area", "area"),
    field("Reports to", "reports_to.name"),
    number("Groups", lambda p: p.group_count),
    number("Member organisations", lambda p: p.member_count),
]


def group_columns(*, with_partnership):
    return [
        field("Group", "name"),
        *([field("Partnership", "partnership.name")] if with_partnership else []),
        choice("Kind", "kind"),
        choice("Meets", "meets"),
        Column("Terms of Reference", _tor_status),
        field("Terms of Reference approved", "tor_approved", on_page=False),
        field("Terms of Reference review due", "tor_review_due", on_page=False),
        Column(
            "Seniority its Terms of Reference expect",
            lambda g: g.expected_level.capitalize(),
            on_page=False,
        ),
        number("Members", lambda g: g.member_count),
    ]


ORGANISATIONS = [
    field("Organisation", "name"),
    Column("Archived", lambda o: _local(o.archived_at), on_page=False),
    choice("Kind", "kind"),
    yes_no("Statutory responsible authority", lambda o: o.statutory_responsible_authority),
    number("Partnerships", lambda o: o.partnership_count),
    number("Seats on groups", lambda o: o.seat_count),
]


def person_columns(*, with_email):
    """Email addresses only for those who may see contact details."""
    return [
        field("Name", "name"),
        Column("Archived", lambda p: _local(p.archived_at), on_page=False),
        *([field("Email", "email")] if with_email else []),
        field("Job title", "job_title"),
        field("Organisation", "organisation.name"),
        choice("Seniority", "seniority"),
        number("Groups", lambda p: p.seat_count),
        number("Meetings a year", lambda p: p.meetings_a_year or 0),
    ]


TOR_REGISTER = [
    field("Group", "name"),
    Column("Status", _tor_status),
    field("Approved", "tor_approved"),
    field("Review due", "tor_review_due"),
    Column("Seniority expected", lambda g: g.expected_level.capitalize() or "Not stated"),
    Column("Document", lambda g: "Uploaded" if g.tor_file else "None uploaded"),
]

# Membership load: rows are the dictionaries (and pairs) partnerships.load makes.
OVERLAPS = [
    Column("Group", lambda o: o["a"].name),
    Column("And group", lambda o: o["b"].name),
    number("Members in common", lambda o: o["common"]),
    number("Members on either", lambda o: o["either"], on_page=False),
    number("Of everyone on either", lambda o: o["share"], unit="%"),
    number("Of the smaller group", lambda o: o["of_smaller"], unit="%"),
]

LOAD_PEOPLE = [
    Column("Person", lambda r: r["person"].name),
    number("Groups", lambda r: len(r["groups"])),
    Column("Group names", lambda r: "; ".join(g.name for g in r["groups"]), on_page=False),
    number("Meetings a year", lambda r: r["meetings_a_year"]),
]

LOAD_ORGANISATIONS = [
    Column("Organisation", lambda pair: pair[0]),
    number("Seats", lambda pair: pair[1]),
]

COMPOSITION = [
    Column("Responsible authority", lambda pair: pair[0]),
    Column(
        "Member organisations",
        lambda pair: "; ".join(o.name for o in pair[1]) if pair[1] else "Missing",
    ),
]

PARTNERSHIP_MEMBERS = [
    field("Organisation", "organisation.name"),
    choice("Role", "role"),
]

GROUP_MEMBERS = [
    field("Name", "person.name"),
    field("Job title", "person.job_title", on_page=False),
    choice("Role", "role"),
    yes_no("Voting", lambda m: m.voting),
    Column(
        "Represents",
        lambda m: (
            (m.on_behalf_of or m.person.organisation).name
            if (m.on_behalf_of or m.person.organisation)
            else None
        ),
    ),
    Column("Seniority", lambda m: m.person.get_seniority_display()),
    Column("Deputies", lambda m: ", ".join(d.person.name for d in m.deputies.all())),
]

# A record's change history, as change_history() gives it.
HISTORY = [
    Column("When", lambda c: _local(c["when"])),
    Column("Who", lambda c: str(c["who"]) if c["who"] else "The system"),
    Column("What changed", lambda c: "; ".join(c["fields"]) or "Saved with no change"),
]

ORGANISATION_SEATS = [
    field("Group", "group.name"),
    field("Partnership", "group.partnership.name"),
    field("Person", "person.name"),
    choice("Role", "role"),
]

PERSON_GROUPS = [
    field("Group", "group.name"),
    field("Partnership", "group.partnership.name"),
    choice("Role", "role"),
    field("Represents", "on_behalf_of.name"),
    number("Meetings a year", lambda m: m.group.meetings_a_year),
]


def _review(link):
    if not link.review_due:
        return "No review date"
    overdue = " (review overdue)" if link.review_overdue() else ""
    return f"{link.review_due:%-d %B %Y}{overdue}"


# A partnership's links with other boards, as its page lists them.
BOARD_LINKS = [
    field("Board", "other_board.name"),
    field("Kind of link", "seen_from_here"),
    field("From", "from_partnership.name", on_page=False),
    choice("Kind", "kind", on_page=False),
    field("To", "to_partnership.name", on_page=False),
    yes_no("Protocol document", lambda link: link.protocol_file),
    field("Protocol agreed", "protocol_agreed"),
    Column("Review due", _review),
    field("Notes", "notes", on_page=False),
]
