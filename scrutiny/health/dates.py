"""The spans of time the checks count, and how a finding writes a date."""

import datetime

YEAR = datetime.timedelta(days=365)


def in_days(n):
    return datetime.timedelta(days=n or 0)


def long_date(day):
    return f"{day:%-d %B %Y}"
