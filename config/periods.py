"""Financial years and quarters, written one way for every app.

A financial year runs April to March and is kept as the year it starts in
(2026 is 2026/27). Quarters are calendar quarters, as the partnerships' plans
report them."""

import datetime
import re


def year_of(day):
    """The financial year a day falls in: 2026 for 1 April 2026 to 31 March 2027."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(start):
    """'2026/27' for the year that starts in 2026."""
    return f"{start}/{(start + 1) % 100:02d}"


def parse_year(text):
    """2011 from '2011/12' (or '2011-12'); ValueError with a clear message otherwise."""
    text = str(text or "").strip()
    m = re.fullmatch(r"(\d{4})[/-](\d{2})", text)
    if not m or (int(m[1]) + 1) % 100 != int(m[2]):
        raise ValueError(f"'{text}' is not a financial year: write it like 2011/12")
    return int(m[1])


def year_bounds(start):
    """The first and last day of the financial year that starts in `start`."""
    return datetime.date(start, 4, 1), datetime.date(start + 1, 3, 31)


def quarter_end(day):
    """The last day of the calendar quarter a day falls in."""
    month = ((day.month - 1) // 3 + 1) * 3
    following = datetime.date(day.year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)
