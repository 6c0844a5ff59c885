"""The API's personas: the project's own (conftest.py at the root), an action owner
who signs in, an inactive account, and a partnership's records of every kind."""

import pytest
from django.urls import reverse

from api.tests.factories import records_of
from partnerships.tests.factories import UserFactory

# Each endpoint, and the record of `records` its detail is tried on (None: a list only).
ENDPOINTS = {
    "organisations": "organisation",
    "partnerships": "partnership",
    "groups": "board",
    "people": "member",
    "memberships": "membership",
    "meetings": "meeting",
    "actions": "open_action",
    "priorities": "priority",
    "indicators": "indicator",
    "risks": "risk",
    "board-links": "board_link",
    "agreements": "sharing_agreement",
    "funding-streams": "stream",
    "budgets": "budget",
    "allocations": "allocation",
    "grants": "grant",
    "reviews": "review",
    "recommendations": "recommendation",
    "past-reviews": None,
    "health-findings": None,
}
BASENAMES = {
    "organisations": "organisation",
    "partnerships": "partnership",
    "groups": "group",
    "people": "person",
    "memberships": "membership",
    "meetings": "meeting",
    "actions": "action",
    "priorities": "priority",
    "indicators": "indicator",
    "risks": "risk",
    "board-links": "board-link",
    "agreements": "agreement",
    "funding-streams": "funding-stream",
    "budgets": "budget",
    "allocations": "allocation",
    "grants": "grant",
    "reviews": "review",
    "recommendations": "recommendation",
    "past-reviews": "past-review",
    "health-findings": "health-finding",
}


def list_url(endpoint):
    return reverse(f"api:{BASENAMES[endpoint]}-list")


def detail_url(endpoint, pk):
    return reverse(f"api:{BASENAMES[endpoint]}-detail", args=[pk])


@pytest.fixture
def records(partnership, board, recompute_findings):
    """Records of every kind, with their kept health findings up to date."""
    made = records_of(partnership, board)
    recompute_findings()
    return made


@pytest.fixture
def inactive_user(partnership):
    return UserFactory(
        email="left@example.test", role="officer", is_active=False, partnerships=[partnership]
    )


@pytest.fixture
def personas(officer, other_officer, scrutiny_member, chair, admin_user, inactive_user, records):
    """Every role the matrix is asked of, by name (anonymous is None)."""
    return {
        "officer": officer,
        "other_officer": other_officer,
        "scrutiny": scrutiny_member,
        "chair": chair,
        "admin": admin_user,
        "owner": records.owner_user,
        "inactive": inactive_user,
        "anonymous": None,
    }
