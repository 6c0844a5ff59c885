"""Reporting periods: a month (2026-04), a calendar quarter (2026-Q2) or a
financial year, April to March (2026/27)."""

import datetime
import re
from dataclasses import dataclass

from config.periods import year_label, year_of


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    key: str
    kind: str

    def __str__(self):
        return self.key


def parse_period(text):
    """A Period from its written form; ValueError with a clear message otherwise."""
    text = (text or "").strip()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"'{text}': the month must be 01 to 12")
        return Period(datetime.date(year, month, 1), text, "month")
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, flags=re.IGNORECASE):
        year, quarter = int(m[1]), int(m[2])
        return Period(datetime.date(year, 3 * quarter - 2, 1), f"{year}-Q{quarter}", "quarter")
    if m := re.fullmatch(r"(\d{4})/(\d{2})", text):
        year, short = int(m[1]), int(m[2])
        if (year + 1) % 100 != short:
            raise ValueError(f"'{text}': a financial year is written like 2026/27")
        return Period(datetime.date(year, 4, 1), text, "financial_year")
    raise ValueError(f"'{text}' is not a period: write YYYY-MM, YYYY-Qn or YYYY/YY")


def financial_year(day):
    """The label of the financial year a day falls in: '2026/27'."""
    return year_label(year_of(day))
