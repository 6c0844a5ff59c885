"""Working days in England: Monday to Friday, less the bank holidays."""

import datetime
from functools import cache


def _easter(year):
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def _first_monday(year, month):
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year, month):
    nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
    day = nxt - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=day.weekday())


def _substitute(day, taken):
    while day.weekday() >= 5 or day in taken:
        day += datetime.timedelta(days=1)
    return day


# Days moved or added by proclamation.
SPECIAL = {
    2012: {
        "move": {datetime.date(2012, 5, 28): datetime.date(2012, 6, 4)},
        "add": [datetime.date(2012, 6, 5)],
    },
    2020: {"move": {datetime.date(2020, 5, 4): datetime.date(2020, 5, 8)}, "add": []},
    2022: {
        "move": {datetime.date(2022, 5, 30): datetime.date(2022, 6, 2)},
        "add": [datetime.date(2022, 6, 3), datetime.date(2022, 9, 19)],
    },
    2023: {"move": {}, "add": [datetime.date(2023, 5, 8)]},
    2011: {"move": {}, "add": [datetime.date(2011, 4, 29)]},
}


@cache
def bank_holidays(year):
    easter = _easter(year)
    days = {
        easter - datetime.timedelta(days=2),  # Good Friday
        easter + datetime.timedelta(days=1),  # Easter Monday
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    special = SPECIAL.get(year, {"move": {}, "add": []})
    days = {special["move"].get(d, d) for d in days} | set(special["add"])
    new_year = _substitute(datetime.date(year, 1, 1), set())
    christmas = _substitute(datetime.date(year, 12, 25), set())
    boxing = _substitute(datetime.date(year, 12, 26), {christmas})
    return frozenset(days | {new_year, christmas, boxing})


def is_working_day(day):
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start, days):
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
