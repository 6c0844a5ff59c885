"""Downloads are tested on a fixed day, in one world of records."""

import pytest
from django.utils import timezone

from tests.downloads.world import TODAY, make_world


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: TODAY)


@pytest.fixture
def world(
    db, partnership, board, officer, scrutiny_member, chair, admin_user, outsider, recompute_findings
):
    made = make_world(
        partnership=partnership,
        board=board,
        officer=officer,
        scrutiny_member=scrutiny_member,
        chair=chair,
        admin_user=admin_user,
        outsider=outsider,
    )
    recompute_findings()
    return made
