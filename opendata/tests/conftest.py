import datetime
from types import SimpleNamespace

import pytest

from funding.models import Grant
from funding.tests.factories import GrantFactory
from meetings.models import Meeting
from meetings.tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
)
from opendata import datasets
from partnerships.models import Group, Partnership
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
)

ARCHIVED = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)

# Text that must never leave in an open-data file.
PERSON_NAME = "Priya Quillfeather"
PERSON_EMAIL = "priya.quillfeather@example.test"
SECRETS = [
    PERSON_NAME,
    PERSON_EMAIL,
    "Named family safeguarding case",  # an exempt agenda item
    "Closed-session item only",  # the only item of a wholly exempt meeting
    "Open item on the agenda",  # agenda items are not published at all
    "Quorum was not met because the chair was ill",  # a cancellation reason
    "https://meet.example.test/private-room",  # a joining link
    "Dissolved Southshire Partnership",
    "Southshire Board",  # a group of that partnership
    "Old Youth Panel",  # an archived group
    "Proposed Street Lighting",  # a grant only proposed
    "Withdrawn Boxing Club",
    "Unawarded Knife Crime Project",  # approved, with no award date yet
    "Internal note about the board",
]


@pytest.fixture(autouse=True)
def open_data(settings):
    settings.OPEN_DATA_ENABLED = True
    settings.COUNCIL_NAME = "Northshire Council"


def make_world():
    """A partnership whose records hold everything the open data must and must not show."""
    north = PartnershipFactory(name="Northshire Community Safety Partnership", area="Northshire")
    gone = PartnershipFactory(
        name="Dissolved Southshire Partnership", status=Partnership.Status.DISSOLVED
    )
    board = GroupFactory(
        partnership=north,
        name="Northshire CSP Board",
        kind=Group.Kind.BOARD,
        notes="Internal note about the board",
    )
    old = GroupFactory(partnership=north, name="Old Youth Panel", archived_at=ARCHIVED)
    south_board = GroupFactory(partnership=gone, name="Southshire Board", kind=Group.Kind.BOARD)
    orphan = GroupFactory(
        partnership=north, name="Night-time Economy Group", parent=old, reports_to=south_board
    )
    marac = GroupFactory(
        partnership=north,
        name="Northshire MARAC",
        kind=Group.Kind.OPERATIONAL_PANEL,
        parent=board,
        reports_to=board,
    )
    person = PersonFactory(name=PERSON_NAME, email=PERSON_EMAIL)
    MembershipFactory(person=person, group=board, role="chair")

    held = MeetingFactory(group=board, date=datetime.date(2026, 3, 5), place="Civic Offices")
    AgendaItemFactory(meeting=held, title="Open item on the agenda", presenter=PERSON_NAME)
    exempt = AgendaItemFactory(
        meeting=held, title="Named family safeguarding case", exempt=True, exempt_paragraph=1
    )
    ActionFactory(group=board, item=exempt, owner=person, description="Visit the family")
    AttendanceFactory(meeting=held, person=person)
    private = MeetingFactory(group=board, date=datetime.date(2026, 4, 2))
    AgendaItemFactory(
        meeting=private, title="Closed-session item only", exempt=True, exempt_paragraph=3
    )
    cancelled = MeetingFactory(
        group=board,
        date=datetime.date(2026, 6, 4),
        status=Meeting.Status.CANCELLED,
        cancellation_reason="Quorum was not met because the chair was ill",
    )
    upcoming = MeetingFactory(
        group=board,
        date=datetime.date(2026, 12, 3),
        status=Meeting.Status.SCHEDULED,
        place="",
        online_link="https://meet.example.test/private-room",
    )
    hidden = [
        private,
        MeetingFactory(group=marac),
        MeetingFactory(group=old),
        MeetingFactory(group=south_board),
    ]

    published = GrantFactory(
        partnership=north,
        identifier="360G-northshire-0001",
        title="Street Pastors",
        commissioning_lead=person,
    )
    unpublished = [
        GrantFactory(
            partnership=north, title="Proposed Street Lighting", status=Grant.Status.PROPOSED
        ),
        GrantFactory(
            partnership=north, title="Withdrawn Boxing Club", status=Grant.Status.WITHDRAWN
        ),
        GrantFactory(
            partnership=north,
            title="Unawarded Knife Crime Project",
            status=Grant.Status.APPROVED,
            award_date=None,
        ),
    ]
    return SimpleNamespace(
        north=north,
        gone=gone,
        board=board,
        old=old,
        orphan=orphan,
        marac=marac,
        south_board=south_board,
        person=person,
        public_meetings=[held, cancelled, upcoming],
        hidden_meetings=hidden,
        published_grant=published,
        unpublished_grants=unpublished,
    )


@pytest.fixture
def world(db):
    return make_world()


def all_distributions():
    return [d for dataset in datasets.DATASETS for d in dataset.distributions]


def url_of(distribution):
    return f"/open-data/{distribution.filename}"
