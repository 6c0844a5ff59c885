"""What the open-data pages publish: each dataset, what it holds, and its files.

Every rule about what may leave the service as open data is in this module:

- the register: active partnerships and the groups of those partnerships that
  are not archived. A link to a parent or a body reported to is left empty when
  that body is not itself published;
- meetings: the meetings of those groups, except the groups that discuss
  individual cases (operational panels and tasking groups meet in private), and
  except a meeting whose every agenda item is exempt (it is held in private);
- grants: the grants funding.giving360 exports, chosen by Grant.objects.published().

No file names a person or holds an email address, an agenda, attendance,
minutes, actions, a joining link or a cancellation reason.

The public record of meetings (opendata/record.py) shows more of those public
meetings, by the rules at the end of this module: a published agenda's items that
are not exempt, their papers, their decisions, and minutes once the chair has
approved them; never an exempt item, its paper, its decision or its minutes, and
never attendance, actions or a joining link.

Each file is built from one query, however many rows it has.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from config.spreadsheets import FORMATS, table_bytes
from funding import giving360
from funding.models import Grant
from meetings.calendar import calendar_of
from meetings.models import AgendaItem, Meeting, Paper
from partnerships.models import Group, Organisation, Partnership

LICENCE_URL = giving360.LICENSE
LICENCE_NAME = "Open Government Licence v3.0"
GIVING360 = ("https://standard.threesixtygiving.org/", "the 360Giving Data Standard")
TRANSPARENCY_CODE = (
    "https://www.gov.uk/government/publications/local-government-transparency-code-2015",
    "the Local Government Transparency Code 2015",
)

# Groups that discuss named people, families or places: their meetings are private.
PRIVATE_KINDS = (Group.Kind.OPERATIONAL_PANEL, Group.Kind.TASKING)

MEDIA_TYPES = {
    "csv": FORMATS["csv"],
    "json": "application/json",
    "ics": "text/calendar; charset=utf-8",
}
FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "ics": "iCalendar"}


# The rows ---------------------------------------------------------------------


def published_partnerships():
    return (
        Partnership.objects.active().select_related("parent", "reports_to").order_by("name", "id")
    )


def published_groups():
    return (
        Group.objects.current()
        .filter(partnership__status=Partnership.Status.ACTIVE)
        .select_related("partnership", "parent__partnership", "reports_to__partnership")
        .order_by("partnership__name", "name", "id")
    )


def public_meetings():
    items = AgendaItem.objects.filter(meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(
            group__archived_at__isnull=True,
            group__partnership__status=Partnership.Status.ACTIVE,
        )
        .exclude(group__kind__in=PRIVATE_KINDS)
        # Held in public unless every item on its agenda is exempt.
        .filter(~Exists(items) | Exists(items.not_exempt()))
        .select_related("group__partnership")
        .order_by("date", "start_time", "id")
    )


def published_grants():
    return Grant.objects.published()


def _shown_partnership(partnership):
    return partnership if partnership and partnership.status == Partnership.Status.ACTIVE else None


def _shown_group(group):
    if group is None or group.archived_at is not None:
        return None
    return group if _shown_partnership(group.partnership) else None


def _id_and_name(obj):
    return [obj.pk, obj.name] if obj else [None, None]


def partnership_rows():
    for p in published_partnerships():
        yield [
            p.pk,
            p.name,
            p.get_kind_display(),
            p.area,
            p.statutory,
            *_id_and_name(_shown_partnership(p.parent)),
            *_id_and_name(_shown_partnership(p.reports_to)),
        ]


def group_rows():
    for g in published_groups():
        yield [
            g.pk,
            g.name,
            g.get_kind_display(),
            g.partnership_id,
            g.partnership.name,
            *_id_and_name(_shown_group(g.parent)),
            *_id_and_name(_shown_group(g.reports_to)),
            g.get_meets_display(),
            g.kind not in PRIVATE_KINDS,
            g.statutory_function,
            g.purpose,
        ]


def meeting_rows():
    for m in public_meetings():
        published = m.agenda_published_at
        yield [
            str(m.uid),
            m.date.isoformat(),
            _time(m.start_time),
            _time(m.end_time),
            m.get_status_display(),
            m.place,
            bool(m.online_link),
            m.group_id,
            m.group.name,
            m.group.partnership_id,
            m.group.partnership.name,
            timezone.localdate(published).isoformat() if published else None,
        ]


def _time(value):
    return value.strftime("%H:%M") if value else None


@dataclass(frozen=True)
class Table:
    """Rows of plain values (text, numbers, booleans, None) under named columns."""

    name: str
    columns: list
    rows: object  # () -> iterable of lists in the order of columns

    def csv(self):
        """CSV through config.spreadsheets, so text a spreadsheet would run is quoted."""

        def cell(value):
            return ("true" if value else "false") if isinstance(value, bool) else value

        return table_bytes(self.columns, [[cell(v) for v in row] for row in self.rows()], "csv")

    def json(self):
        package = {
            "license": LICENCE_URL,
            "publisher": {"name": settings.COUNCIL_NAME},
            self.name: [dict(zip(self.columns, row, strict=True)) for row in self.rows()],
        }
        return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


PARTNERSHIPS = Table(
    "partnerships",
    [
        "id",
        "name",
        "kind",
        "area",
        "statutory",
        "parent_id",
        "parent",
        "reports_to_id",
        "reports_to",
    ],
    partnership_rows,
)
GROUPS = Table(
    "groups",
    [
        "id",
        "name",
        "kind",
        "partnership_id",
        "partnership",
        "parent_id",
        "parent",
        "reports_to_id",
        "reports_to",
        "meets",
        "meets_in_public",
        "statutory_function",
        "purpose",
    ],
    group_rows,
)
MEETINGS_TABLE = Table(
    "meetings",
    [
        "id",
        "date",
        "start_time",
        "end_time",
        "status",
        "place",
        "online",
        "group_id",
        "group",
        "partnership_id",
        "partnership",
        "agenda_published",
    ],
    meeting_rows,
)


def meetings_ics():
    return calendar_of(
        f"Public meetings – {settings.COUNCIL_NAME}",
        public_meetings(),
        prodid="Open data",
        location=lambda m: m.place,
        description=lambda m: m.group.partnership.name,
    )


def grants_json():
    """The 360Giving data package; None when there is nothing to put in one."""
    grants = list(published_grants().for_export())
    return giving360.grants_json(grants) if grants else None


def grants_csv():
    return giving360.grants_csv(published_grants().for_export())


def grants_transparency_csv():
    return giving360.transparency_csv(published_grants().for_export())


# The catalogue --------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    name: str  # the file is <name>.<fmt>
    fmt: str
    title: str
    build: object  # () -> bytes, or None when there is nothing to publish
    rows_of: str  # which of Catalogue.rows is its number of rows
    standard: tuple = ()  # (address, name) of the standard the file follows
    # A 360Giving package must hold at least one grant: with none, the file is not offered.
    needs_rows: bool = False

    @property
    def filename(self):
        return f"{self.name}.{self.fmt}"

    @property
    def media_type(self):
        return MEDIA_TYPES[self.fmt]

    @property
    def format_name(self):
        return FORMAT_NAMES[self.fmt]


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    contains: list
    leaves_out: list
    sources: tuple  # the models whose history dates the dataset
    distributions: list = field(default_factory=list)
    keywords: tuple = ()


REGISTER = Dataset(
    key="register",
    title="Partnerships and groups",
    description=(
        "The register of the community safety partnerships and the boards, sub-groups, "
        "task and finish groups and panels that work for them: what kind of body each is, "
        "which partnership it belongs to, whom it reports to and how often it meets."
    ),
    contains=[
        "Partnerships that are active: name, kind, area, whether it is statutory, the "
        "partnership it is part of and the one it reports to.",
        "Their groups: name, kind, partnership, parent group, the group it reports to, how "
        "often it meets, whether it meets in public, whether it has a statutory function, "
        "and its purpose.",
    ],
    leaves_out=[
        "People: no names, job titles or email addresses of members, chairs or officers.",
        "Partnerships that have merged or been dissolved, and groups that have been archived. "
        "A link to such a body is left empty.",
        "Internal notes and Terms of Reference documents.",
    ],
    sources=(Partnership, Group),
    keywords=("community safety", "partnerships", "governance"),
    distributions=[
        Distribution(
            "partnerships",
            "csv",
            "Partnerships",
            PARTNERSHIPS.csv,
            "partnerships",
        ),
        Distribution(
            "partnerships",
            "json",
            "Partnerships",
            PARTNERSHIPS.json,
            "partnerships",
        ),
        Distribution("groups", "csv", "Groups", GROUPS.csv, "groups"),
        Distribution("groups", "json", "Groups", GROUPS.json, "groups"),
    ],
)

MEETINGS = Dataset(
    key="meetings",
    title="Public meetings",
    description=(
        "The dates, times and places of the meetings of the partnerships' groups, past and "
        "planned, with whether each was held, is still to come, was postponed or was cancelled."
    ),
    contains=[
        "Each meeting: date, start and end time, place, whether it can be joined online, its "
        "status (scheduled, held, postponed or cancelled), its group and partnership, and the "
        "date its agenda was published.",
        "A meeting is public when its group is published in the register, the group is not an "
        "operational panel or a tasking group (these discuss individual cases and meet in "
        "private), and at least one item on its agenda is not exempt. A meeting with no agenda "
        "yet is listed.",
    ],
    leaves_out=[
        "Agenda items, papers, decisions and minutes, so never an item that is exempt "
        "(confidential under Schedule 12A of the Local Government Act 1972).",
        "Meetings at which every item is exempt, and the meetings of operational panels and "
        "tasking groups.",
        "Who attended or sent apologies, the link to join online and why a meeting was cancelled.",
    ],
    sources=(Meeting, AgendaItem, Group, Partnership),
    keywords=("meetings", "community safety"),
    distributions=[
        Distribution(
            "meetings",
            "csv",
            "Public meetings",
            MEETINGS_TABLE.csv,
            "meetings",
        ),
        Distribution(
            "meetings",
            "json",
            "Public meetings",
            MEETINGS_TABLE.json,
            "meetings",
        ),
        Distribution("meetings", "ics", "Public meetings calendar", meetings_ics, "meetings"),
    ],
)

GRANTS = Dataset(
    key="grants",
    title="Grants",
    description=(
        "The grants awarded to projects that deliver the partnerships' work, in the "
        "360Giving Data Standard, and as the list of grants the Local Government "
        "Transparency Code 2015 asks councils to publish."
    ),
    contains=[
        "Each grant that has been awarded, with its recipient and award date: identifier, "
        "title, description, amount in pounds, award date, planned dates, recipient and "
        "funder organisations and the grant programme.",
    ],
    leaves_out=[
        "Grants that are only proposed or were withdrawn, and grants with no recipient or "
        "award date yet.",
        "Commissioning leads and other people, monitoring returns and evaluations.",
    ],
    sources=(Grant, Organisation),
    keywords=("grants", "360Giving", "transparency code"),
    distributions=[
        Distribution(
            "grants",
            "json",
            "Grants (360Giving data package)",
            grants_json,
            "grants",
            standard=GIVING360,
            needs_rows=True,
        ),
        Distribution(
            "grants",
            "csv",
            "Grants (360Giving spreadsheet)",
            grants_csv,
            "grants",
            standard=GIVING360,
        ),
        Distribution(
            "grants-transparency",
            "csv",
            "Grants (Local Government Transparency Code list)",
            grants_transparency_csv,
            "grants",
            standard=TRANSPARENCY_CODE,
        ),
    ],
)

DATASETS = [REGISTER, MEETINGS, GRANTS]


def find(name, fmt):
    """The distribution published as <name>.<fmt>, or None."""
    for dataset in DATASETS:
        for distribution in dataset.distributions:
            if (distribution.name, distribution.fmt) == (name, fmt):
                return distribution
    return None


COUNTS = {
    "partnerships": published_partnerships,
    "groups": published_groups,
    "meetings": public_meetings,
    "grants": published_grants,
}


class Catalogue:
    """Each dataset with when it last changed and how many rows each file holds.

    One query per table counted and one per model whose history dates a dataset.
    """

    def __init__(self):
        self.rows = {table: queryset().count() for table, queryset in COUNTS.items()}
        models = dict.fromkeys(model for d in DATASETS for model in d.sources)
        self.changed = {
            model: model.history.aggregate(latest=Max("history_date"))["latest"] for model in models
        }

    def modified(self, dataset):
        """When any record that feeds the dataset last changed; None if no history."""
        dates = [self.changed[model] for model in dataset.sources if self.changed[model]]
        return max(dates) if dates else None

    def offered(self, dataset):
        return [d for d in dataset.distributions if not (d.needs_rows and not self.rows[d.rows_of])]

    def latest(self):
        dates = [self.modified(d) for d in DATASETS if self.modified(d)]
        return max(dates) if dates else None


# The public record of meetings --------------------------------------------------


def public_groups():
    """The groups whose meetings are public: published, and not a private kind."""
    return published_groups().exclude(kind__in=PRIVATE_KINDS)


def public_items(meeting):
    """The agenda as the public sees it: none until it is published, then every item
    that is not exempt."""
    if meeting.agenda_published_at is None:
        return AgendaItem.objects.none()
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .not_exempt()
        .select_related("minutes")
        .prefetch_related("papers", "decisions")
        .order_by("position")
    )


def minutes_are_public(meeting):
    return meeting.minutes_status in (Meeting.Minutes.APPROVED, Meeting.Minutes.CIRCULATED)


def public_papers():
    """Papers of items that are not exempt, on the published agendas of public meetings."""
    return Paper.objects.filter(
        item__exempt=False,
        item__meeting__in=public_meetings().values("pk"),
        item__meeting__agenda_published_at__isnull=False,
    )
