"""The demo as a whole, pinned: `load_demo`, then `export_register` and
`governance_health --format json`, give byte for byte the files in data/.

Those files were written by the demo loaders before they moved into this app
(commit 3dc1e2e), so a change here means the demo itself changed. If it did
on purpose, write them again from the new demo and say why in the commit.
The date is frozen and the sequences reset, so every date and every link in
the findings is the same on each run and on both databases."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnerships.register_files import SHEETS

TODAY = datetime.date(2026, 11, 23)
DATA = Path(__file__).parent / "data"


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: TODAY)


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_it_exports_the_register_and_findings_it_did_before(settings, frozen, tmp_path):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    call_command("export_register", str(tmp_path), stdout=io.StringIO())
    health = io.StringIO()
    call_command("governance_health", format="json", on=TODAY.isoformat(), stdout=health)

    for sheet in SHEETS:
        name = f"{sheet}.csv"
        assert (tmp_path / name).read_bytes() == (DATA / "register" / name).read_bytes(), name
    assert health.getvalue().encode() == (DATA / "governance_health.json").read_bytes()
