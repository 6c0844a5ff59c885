"""Every open-data address runs the same number of queries however much data there is."""

import pytest

from funding.tests.factories import GrantFactory
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from partnerships.tests.factories import GroupFactory

# The page and the index: a count of the partnerships, groups, public meetings and
# published grants (4), and the latest change in the history of partnerships,
# groups, meetings, agenda items, grants and organisations (6).
LISTING = 10


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/open-data/", LISTING),
        ("/open-data/index.json", LISTING),
        # Each file is one query: the rows, with what they name joined in.
        ("/open-data/partnerships.csv", 1),
        ("/open-data/partnerships.json", 1),
        ("/open-data/groups.csv", 1),
        ("/open-data/groups.json", 1),
        ("/open-data/meetings.csv", 1),
        ("/open-data/meetings.json", 1),
        ("/open-data/meetings.ics", 1),
        ("/open-data/grants.json", 1),
        ("/open-data/grants.csv", 1),
        ("/open-data/grants-transparency.csv", 1),
    ],
)
def test_it_runs_the_same_number_of_queries_however_many_rows(
    client, world, django_assert_num_queries, url, queries
):
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200

    for _ in range(6):
        group = GroupFactory(partnership=world.north, parent=world.board, reports_to=world.board)
        meeting = MeetingFactory(group=group)
        AgendaItemFactory(meeting=meeting)
        GrantFactory(partnership=world.north)

    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
