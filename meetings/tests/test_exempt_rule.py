"""The exempt-item rule, asked of the querysets and of one record already read, gives
the same answer persona by persona: an exempt item is seen by the officers of its
partnership, the members of its group and administrators; an action raised on it
by them and by its owner."""

import pytest

from meetings.models import Action, AgendaItem
from meetings.rules import sees_exempt_across
from meetings.tests.factories import ActionFactory, AgendaItemFactory, MeetingFactory
from partnerships.tests.factories import GroupFactory, PersonFactory, UserFactory

PERSONAS = ["officer", "other_officer", "chair", "scrutiny_member", "admin_user", "owner"]


@pytest.fixture
def owner(db):
    """Signed in, reads no meetings, and owns an action raised on an exempt item."""
    return UserFactory(email="owner@example.test", role="owner", person=PersonFactory())


@pytest.fixture
def records(partnership, board, owner):
    panel = GroupFactory(partnership=partnership, name="Hate Crime Panel")  # no chair's seat
    board_meeting = MeetingFactory(group=board)
    items = {
        "open": AgendaItemFactory(meeting=board_meeting, title="Open"),
        "board exempt": AgendaItemFactory(
            meeting=board_meeting, title="Board exempt", exempt=True, exempt_paragraph=3
        ),
        "panel exempt": AgendaItemFactory(
            meeting=MeetingFactory(group=panel),
            title="Panel exempt",
            exempt=True,
            exempt_paragraph=1,
        ),
    }
    for name, item in items.items():
        ActionFactory(group=item.meeting.group, item=item, description=f"On {name}")
    ActionFactory(group=board, item=None, description="On no item")
    ActionFactory(group=board, item=items["board exempt"], owner=owner.person, description="Owned")
    return items


SEES_ITEMS = {
    "officer": {"Open", "Board exempt", "Panel exempt"},
    "other_officer": {"Open"},
    "chair": {"Open", "Board exempt"},
    "scrutiny_member": {"Open"},
    "admin_user": {"Open", "Board exempt", "Panel exempt"},
    "owner": {"Open"},
}
SEES_ACTIONS = {
    "officer": {"On open", "On board exempt", "On panel exempt", "On no item", "Owned"},
    "other_officer": {"On open", "On no item"},
    "chair": {"On open", "On board exempt", "On no item", "Owned"},
    "scrutiny_member": {"On open", "On no item"},
    "admin_user": {"On open", "On board exempt", "On panel exempt", "On no item", "Owned"},
    "owner": {"Owned"},  # reads no meetings: only their own, exempt item or not
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_exempt_items_only_to_those_entitled(request, records, board, persona):
    user = request.getfixturevalue(persona)
    listed = set(AgendaItem.objects.visible_to(user).values_list("title", flat=True))
    assert listed == SEES_ITEMS[persona]
    one_by_one = {
        i.title
        for i in AgendaItem.objects.select_related("meeting__group")
        if i.is_visible_to(user)
    }
    assert one_by_one == listed
    of_the_board = AgendaItem.objects.filter(meeting__group=board)
    assert set(of_the_board.visible_to(user, group=board)) == set(of_the_board.visible_to(user))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_actions_of_exempt_items_to_those_entitled_and_their_owner(
    request, records, board, persona
):
    user = request.getfixturevalue(persona)
    listed = set(Action.objects.visible_to(user).values_list("description", flat=True))
    assert listed == SEES_ACTIONS[persona]
    read = Action.objects.select_related("item", "group")
    assert {a.description for a in read if a.is_visible_to(user)} == listed
    # A tracker's or a review's list: the items' rule, without the owner's exception.
    on_items = set(Action.objects.on_items_visible_to(user).values_list("description", flat=True))
    assert {a.description for a in read if a.is_on_item_visible_to(user)} == on_items
    board_actions = Action.objects.filter(group=board)
    assert set(board_actions.on_items_visible_to(user, group=board)) == set(
        board_actions.on_items_visible_to(user)
    )


@pytest.mark.parametrize(
    ("persona", "of_the_partnership", "of_all"),
    [
        ("officer", True, False),
        ("other_officer", False, False),
        ("chair", False, False),  # a seat on one group is not all of them
        ("scrutiny_member", False, False),
        ("admin_user", True, True),
        ("owner", False, False),
    ],
)
def test_it_counts_a_partnerships_exempt_items_for_its_officers_and_administrators(
    request, partnership, persona, of_the_partnership, of_all
):
    user = request.getfixturevalue(persona)
    assert sees_exempt_across(user, partnership) is of_the_partnership
    assert sees_exempt_across(user, None) is of_all
