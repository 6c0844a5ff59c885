"""Backups: the retention rule, and a real dump restored and compared on PostgreSQL."""

import datetime as dt
import json
import shutil

import pytest
from django.db import connection

from conftest import need
from ops import backups
from partnerships.tests.factories import OrganisationFactory


def test_retention_keeps_seven_days_five_sundays_and_twelve_firsts():
    today = dt.date(2026, 11, 23)
    dates = [today - dt.timedelta(days=n) for n in range(400)]
    kept = backups.keep(dates)
    sundays = [d for d in dates if d.isoweekday() == 7]
    firsts = [d for d in dates if d.day == 1]
    assert kept == set(dates[:7]) | set(sundays[:5]) | set(firsts[:12])
    assert min(kept) == dt.date(2025, 12, 1)
    assert dt.date(2026, 10, 25) in kept and dt.date(2026, 10, 18) not in kept
    assert dt.date(2026, 11, 16) not in kept and dt.date(2026, 11, 15) in kept
    assert len(kept) == 22  # 11-22 is both a day of the week and a Sunday; 11-01 a Sunday and a 1st


def test_retention_counts_backups_not_days_so_a_gap_loses_nothing():
    dates = [dt.date(2026, 11, 23), dt.date(2026, 9, 2), dt.date(2026, 9, 3)]
    assert backups.keep(dates) == set(dates)


def test_prune_deletes_every_file_of_an_expired_backup_and_nothing_else(tmp_path):
    days = [f"2026-11-{n:02}" for n in range(16, 24)]  # eight, the oldest a Monday
    for day in days:
        for suffix in (".dump", ".json", "-media.tar.gz"):
            (tmp_path / f"{day}{suffix}").write_text("x")
    (tmp_path / "notes.dump").write_text("not a dated backup")
    assert backups.prune(tmp_path) == ["2026-11-16"]
    left = {p.name for p in tmp_path.iterdir()}
    assert not {n for n in left if n.startswith("2026-11-16")}
    assert len(left) == 7 * 3 + 1 and "notes.dump" in left


@pytest.fixture
def live_database(transactional_db, monkeypatch, tmp_path):
    need(connection.vendor == "postgresql", "PostgreSQL, which pg_dump reads")
    need(shutil.which("pg_dump") and shutil.which("pg_restore"), "pg_dump and pg_restore")
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    monkeypatch.setenv("DATABASE_URL", url)
    media = tmp_path / "media"
    (media / "papers").mkdir(parents=True)
    (media / "papers" / "agenda.pdf").write_bytes(b"%PDF-1.7")
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    return tmp_path / "backups"


def test_a_backup_restores_with_the_same_row_counts(live_database, capsys):
    OrganisationFactory.create_batch(3)
    dump = backups.backup(live_database)
    manifest = json.loads(dump.with_suffix(".json").read_text())
    assert manifest["tables"]["partnerships_organisation"] == 3
    assert manifest["media_files"] == 1
    assert backups.restore_check(dump) == 0
    assert "restore-check passed" in capsys.readouterr().out
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'restore_check_%%'")
        assert cur.fetchone()[0] == 0  # the scratch database is dropped


def test_restore_check_reports_a_difference(live_database, capsys):
    OrganisationFactory.create_batch(2)
    dump = backups.backup(live_database)
    manifest_path = dump.with_suffix(".json")
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["partnerships_organisation"] = 5
    manifest_path.write_text(json.dumps(manifest))
    assert backups.restore_check(dump) == 1
    assert "partnerships_organisation: 5 in the backup, 2 restored" in capsys.readouterr().out


def test_the_nightly_backup_runs_at_its_time_each_day():
    at = dt.time(2, 30)
    assert backups.next_run(dt.datetime(2026, 12, 5, 1, 0), at) == dt.datetime(2026, 12, 5, 2, 30)
    assert backups.next_run(dt.datetime(2026, 12, 5, 2, 30), at) == dt.datetime(2026, 12, 6, 2, 30)
    assert backups.next_run(dt.datetime(2026, 12, 5, 23, 0), at) == dt.datetime(2026, 12, 6, 2, 30)


def test_a_failed_night_is_recorded_and_the_next_night_tries_again(tmp_path, monkeypatch, capsys):
    """With no PostgreSQL named, each attempt fails: the service's health check says so,
    and the loop goes on to the next night rather than stopping."""
    monkeypatch.setenv("DATABASE_URL", "sqlite:///nowhere.sqlite3")
    assert backups.status(tmp_path) == 0, "no attempt yet is not a failure"
    slept = []
    clock = iter(
        dt.datetime(2026, 12, d, 1, tzinfo=dt.UTC) for d in (5, 5, 5, 6, 6)
    )  # the service's start, then each night's wait
    backups.nightly(tmp_path, dt.time(2, 30), sleep=slept.append, now=lambda: next(clock), nights=2)
    assert slept == [5400.0, 5400.0]
    record = json.loads((tmp_path / backups.LAST_RUN).read_text())
    assert (
        record["ok"] is False
        and "DATABASE_URL must name the PostgreSQL database" in record["error"]
    )
    assert backups.status(tmp_path) == 1
    assert capsys.readouterr().err.count("backup FAILED") == 2


def test_a_backup_that_has_not_succeeded_for_26_hours_is_unhealthy(tmp_path):
    """A night missed, or a dump that hangs and so never says it failed."""
    started = dt.datetime(2026, 12, 5, 2, 30, tzinfo=dt.UTC)
    backups._write_last_run(
        tmp_path, {"at": started.isoformat(), "ok": True, "last_ok": started.isoformat()}
    )
    assert backups.status(tmp_path, now=started + dt.timedelta(hours=25)) == 0
    assert backups.status(tmp_path, now=started + dt.timedelta(hours=27)) == 1
