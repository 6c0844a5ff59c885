"""How long an upload too big to read takes to be refused.

    DEBUG=true python bench/spreadsheets.py [--repeat 5] [--before]

Builds in memory the files the probe sent: a workbook of a header and 200,000
empty rows as openpyxl's write-only mode writes it (no <dimension>, so only
counting finds the length; about half a megabyte), the same workbook with a
<dimension> that says 200,000 rows, one whose <dimension> says 2, a zip bomb (a
part of 51 MB of zeros) and a CSV file of 200,000 rows. Times
config.spreadsheets.read_rows refusing each (the median of --repeat runs): that
reader is all four imports (tracker, register, indicator values, 360Giving) do
before they read a row.

--before also times what the imports did until now with the first workbook
(openpyxl opening it in read-only mode and reading every row), and what counting
the rows only as openpyxl gives them would take (opening it, then reading to the
20,001st row): openpyxl reads a sheet with no <dimension> whole just to open it.

Goal: each refusal in under 1 s.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    import django

    django.setup()


def _files():
    from config.tests.workbooks import long_workbook, with_dimension, zip_bomb

    long = long_workbook()
    return {
        "200,000 rows, no dimension": ("tracker.xlsx", long),
        "200,000 rows, dimension says so": ("tracker.xlsx", with_dimension(long, "A1:D200001")),
        "200,000 rows, dimension says 2": ("tracker.xlsx", with_dimension(long, "A1:D2")),
        "zip bomb, 51 MB of zeros": ("register.xlsx", zip_bomb(51 * 1024 * 1024)),
        "CSV of 200,000 rows": ("tracker.csv", b"action id,status\n" + b"1,open\n" * 200_000),
    }


def _refusal(name, data):
    from config.spreadsheets import SpreadsheetError, read_rows

    started = time.perf_counter()
    try:
        read_rows(name, data)
    except SpreadsheetError as refused:
        return time.perf_counter() - started, str(refused)
    raise SystemExit(f"{name} was read, not refused")


def _before(data, *, stop_after=None):
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for count, _row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
        if stop_after and count > stop_after:
            break
    book.close()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", action="store_true", help="time the old reading too")
    options = parser.parse_args()
    _configure()
    files = _files()
    print(f"{'file':<34} {'size':>10} {'refused in':>11}  message")
    slowest = 0.0
    for label, (name, data) in files.items():
        runs = [_refusal(name, data) for _ in range(options.repeat)]
        seconds = statistics.median(run[0] for run in runs)
        slowest = max(slowest, seconds)
        print(f"{label:<34} {len(data):>10,} {seconds:>10.3f}s  {runs[0][1][:60]}")
    if options.before:
        data = files["200,000 rows, no dimension"][1]
        print(f"before: openpyxl read-only, every row: {_before(data):.1f}s")
        counted = _before(data, stop_after=20_000)
        print(f"openpyxl read-only, counting to the 20,001st row: {counted:.1f}s")
    print(f"slowest refusal: {slowest:.3f}s (goal: under 1 s)")
    return 0 if slowest < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
