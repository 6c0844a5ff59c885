"""Each list runs the same number of queries however many records, and whatever the
page size: nothing is fetched record by record."""

import pytest

from api.tests.conftest import list_url
from api.tests.factories import records_of
from partnerships.tests.factories import GroupFactory, PartnershipFactory

# Every list starts with the session and the signed-in user (2), and pages with a
# count and the page itself (2); then what each adds.
QUERIES = {
    "organisations": 4,
    # the member organisations
    "partnerships": 5,
    "groups": 4,
    "people": 4,
    "memberships": 4,
    # the groups with exempt items and the officer's partnerships (who may see them);
    # agenda items, their papers, their decisions; attendance; guests
    "meetings": 11,
    # the groups with exempt items, the officer's partnerships; updates
    "actions": 7,
    # updates, milestones, indicators, the agreement priorities each serves
    "priorities": 8,
    # values, targets, priorities
    "indicators": 7,
    # the groups with exempt items, the officer's partnerships; visible actions,
    # reviews, priorities
    "risks": 9,
    "board-links": 4,
    # parties, groups
    "agreements": 6,
    "funding-streams": 4,
    "budgets": 4,
    "allocations": 4,
    # co-funders, monitoring returns
    "grants": 6,
    # partnerships in scope, members, questions, evidence, witnesses, key issues
    "reviews": 10,
    # the groups with exempt items, the officer's partnerships; visible actions
    "recommendations": 7,
    # their themes
    "past-reviews": 5,
    # the officer's partnerships (whose exempt findings they see)
    "health-findings": 5,
}


def _more(n):
    """n more partnerships' worth of records, each with a board."""
    for _ in range(n):
        partnership = PartnershipFactory()
        records_of(partnership, GroupFactory(partnership=partnership, kind="board"))


@pytest.mark.parametrize("endpoint", QUERIES)
def test_it_runs_the_same_number_of_queries_however_many_records(
    client, officer, records, django_assert_num_queries, recompute_findings, endpoint
):
    client.force_login(officer)
    url = list_url(endpoint)
    client.get(url)  # the session's first request refreshes its expiry
    with django_assert_num_queries(QUERIES[endpoint]):
        assert client.get(url).status_code == 200
    _more(2)
    recompute_findings()
    with django_assert_num_queries(QUERIES[endpoint]):
        response = client.get(url, {"page_size": 100})
        assert response.status_code == 200
    assert len(response.json()["results"]) >= 2
