"""Nightly backups of the PostgreSQL database and the uploaded files, and a
check that a backup really restores.

    python ops/backups.py backup [--dir DIR] [--keep-daily 7 --keep-weekly 5 --keep-monthly 12]
    python ops/backups.py restore-check [--dump FILE]
    python ops/backups.py nightly [--dir DIR] [--at 02:30]
    python ops/backups.py status [--dir DIR]

`backup` writes DIR/YYYY-MM-DD.dump (pg_dump custom format), a manifest
DIR/YYYY-MM-DD.json with every table's row count taken in the same snapshot as
the dump, and DIR/YYYY-MM-DD-media.tar.gz of MEDIA_ROOT; then it deletes the
backups that fall outside the retention (the newest N daily, the newest Sunday
of each of N weeks, the newest 1st of each of N months).

`restore-check` restores a dump (the newest in DIR, or a fresh one in a
temporary directory) into a scratch database, compares every table's row count
with the manifest, checks the media archive, drops the scratch database and
exits 1 on any difference.

`nightly` runs `backup` every day at a time (the compose stack's `backup`
service), writing how the last attempt went to DIR/last-run.json; `status` exits 1
when that attempt failed (the service's health check).

The database is DATABASE_URL, which must be PostgreSQL; pg_dump and pg_restore
must be on the PATH (postgresql-client).
"""

import argparse
import datetime as dt
import json
import os
import subprocess  # nosec B404 - fixed commands, no shell
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent


def _database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name the PostgreSQL database to back up.")
    return url


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def table_counts(cursor):
    """Row counts of every table in the public schema, by name."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _media_root():
    return Path(os.environ.get("MEDIA_ROOT", ROOT / "media"))


def _media_files(root):
    return (
        sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        if root.is_dir()
        else []
    )


def backup(directory, today=None):
    """One night's backup: dump, manifest and media archive, named by date."""
    url = _database_url()
    directory.mkdir(parents=True, exist_ok=True)
    stem = (today or dt.date.today()).isoformat()
    dump = directory / f"{stem}.dump"
    # The counts and the dump read the same snapshot, so they agree exactly
    # even while people keep working.
    conn = psycopg2.connect(url)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cur:
            cur.execute("SELECT pg_export_snapshot()")
            snapshot = cur.fetchone()[0]
            counts = table_counts(cur)
            subprocess.run(  # nosec B603 B607 - fixed command, no shell
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", url],
                check=True,
                timeout=PG_DUMP_SECONDS,  # one that hangs fails, and the next night tries
            )
        conn.rollback()
    finally:
        conn.close()
    media = _media_root()
    files = _media_files(media)
    with tarfile.open(directory / f"{stem}-media.tar.gz", "w:gz") as tar:
        for name in files:
            tar.add(media / name, arcname=name)
    manifest = {
        "taken": dt.datetime.now(dt.UTC).isoformat(),
        "tables": counts,
        "media_files": len(files),
    }
    (directory / f"{stem}.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    removed = prune(directory)
    print(
        f"backup {dump.name}: {len(counts)} tables, {sum(counts.values())} rows, {len(files)} files"
    )
    if removed:
        print(f"removed by retention: {', '.join(sorted(removed))}")
    return dump


def keep(dates, *, daily=7, weekly=5, monthly=12):
    """The backup dates to keep: the newest `daily`, the newest Sunday of each of
    the last `weekly` weeks that has one, and the newest 1st of each of the last
    `monthly` months that has one."""
    dates = sorted(set(dates), reverse=True)
    kept = set(dates[:daily])
    sundays = [d for d in dates if d.isoweekday() == 7]
    firsts = [d for d in dates if d.day == 1]
    kept.update(sundays[:weekly])
    kept.update(firsts[:monthly])
    return kept


def prune(directory, **retention):
    dated = {}
    for path in directory.glob("*.dump"):
        try:
            dated[dt.date.fromisoformat(path.stem)] = path.stem
        except ValueError:
            continue  # not one of ours
    kept = keep(dated, **retention)
    removed = []
    for day, stem in dated.items():
        if day not in kept:
            for suffix in (".dump", ".json", "-media.tar.gz"):
                (directory / f"{stem}{suffix}").unlink(missing_ok=True)
            removed.append(stem)
    return removed


def restore_check(dump):
    """Restore `dump` into a scratch database and compare it with its manifest."""
    url = _database_url()
    manifest = json.loads(dump.with_suffix(".json").read_text())
    scratch = f"restore_check_{os.getpid()}"
    admin = psycopg2.connect(_with_database(url, "postgres"))
    admin.autocommit = True
    problems = []
    try:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
        subprocess.run(  # nosec B603 B607 - fixed command, no shell
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={_with_database(url, scratch)}",
                str(dump),
            ],
            check=True,
        )
        restored = psycopg2.connect(_with_database(url, scratch))
        try:
            with restored.cursor() as cur:
                counts = table_counts(cur)
        finally:
            restored.close()
        expected = manifest["tables"]
        for table in sorted(set(expected) | set(counts)):
            if expected.get(table) != counts.get(table):
                problems.append(
                    f"{table}: {expected.get(table)} in the backup, {counts.get(table)} restored"
                )
        media = dump.with_name(f"{dump.stem}-media.tar.gz")
        with tarfile.open(media) as tar:
            files = sum(1 for m in tar.getmembers() if m.isfile())
        if files != manifest["media_files"]:
            problems.append(
                f"media: {manifest['media_files']} files backed up, {files} in the archive"
            )
    finally:
        with admin.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        admin.close()
    rows = sum(manifest["tables"].values())
    if problems:
        print(f"restore-check FAILED for {dump.name}:")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print(
        f"restore-check passed for {dump.name}: {len(manifest['tables'])} tables and "
        f"{rows} rows restored with the same counts; {manifest['media_files']} media files"
    )
    return 0


LAST_RUN = "last-run.json"
PG_DUMP_SECONDS = 3 * 60 * 60


def next_run(now, at):
    """The first time of day `at` (a datetime.time) after `now`."""
    today = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return today if today > now else today + dt.timedelta(days=1)


# status() fails when no backup has succeeded for this long (a night missed, or one
# that hangs), counting from the service's start until the first succeeds.
STALE_AFTER = dt.timedelta(hours=26)


def attempt(directory):
    """One night's backup, recorded in DIR/last-run.json whether it worked or not: a
    failure is reported, and the next night tries again."""
    started = dt.datetime.now(dt.UTC)
    last_ok = _last_run(directory).get("last_ok", started.isoformat())
    try:
        dump = backup(directory)
        outcome = {"ok": True, "dump": dump.name}
        last_ok = started.isoformat()
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - any failure is reported, then retried
        outcome = {"ok": False, "error": f"{exc.__class__.__name__}: {exc}"}
        print(f"backup FAILED: {outcome['error']}", file=sys.stderr)
    record = {"at": started.isoformat(), **outcome, "last_ok": last_ok}
    _write_last_run(directory, record)
    return record


def _last_run(directory):
    path = directory / LAST_RUN
    return json.loads(path.read_text()) if path.exists() else {}


def _write_last_run(directory, record):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / LAST_RUN).write_text(json.dumps(record, indent=1))


def nightly(directory, at, *, sleep=time.sleep, now=dt.datetime.now, nights=None):
    """Back up every day at `at`, for ever (or for `nights`)."""
    if not _last_run(directory):  # the clock of status() starts with the service
        started = now().astimezone(dt.UTC).isoformat()
        _write_last_run(directory, {"at": started, "ok": True, "last_ok": started})
    done = 0
    while nights is None or done < nights:
        wait = (next_run(now(), at) - now()).total_seconds()
        print(f"next backup in {wait / 3600:.1f} hours", flush=True)
        sleep(max(wait, 0))
        attempt(directory)
        done += 1


def status(directory, now=None):
    """0 unless the last attempt failed, or none has succeeded for STALE_AFTER (a night
    missed, or a backup that hangs); none yet, for a service just started, is fine."""
    record = _last_run(directory)
    if not record:
        print("no backup attempted yet")
        return 0
    print(f"last backup {record['at']}: {'ok' if record['ok'] else record['error']}")
    now = now or dt.datetime.now(dt.UTC)
    last_ok = dt.datetime.fromisoformat(record.get("last_ok", record["at"]))
    if now - last_ok > STALE_AFTER:
        print(f"no backup has succeeded since {last_ok.isoformat()}")
        return 1
    return 0 if record["ok"] else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("backup", help="dump, manifest and media archive; then prune")
    run.add_argument("--dir", type=Path, default=Path(os.environ.get("BACKUP_DIR", "backups")))
    check = commands.add_parser("restore-check", help="restore a dump and compare row counts")
    check.add_argument("--dump", type=Path, help="a .dump file (default: a fresh backup)")
    every_night = commands.add_parser("nightly", help="back up every day at a time")
    every_night.add_argument("--dir", type=Path, default=run.get_default("dir"))
    every_night.add_argument("--at", type=dt.time.fromisoformat, default=dt.time(2, 30))
    last = commands.add_parser("status", help="exit 1 when the last nightly backup failed")
    last.add_argument("--dir", type=Path, default=run.get_default("dir"))
    args = parser.parse_args()
    if args.command == "backup":
        backup(args.dir)
        return 0
    if args.command == "nightly":
        nightly(args.dir, args.at)
        return 0
    if args.command == "status":
        return status(args.dir)
    if args.dump:
        return restore_check(args.dump)
    with tempfile.TemporaryDirectory() as tmp:
        dump = backup(Path(tmp))
        return restore_check(dump)


if __name__ == "__main__":
    sys.exit(main())
