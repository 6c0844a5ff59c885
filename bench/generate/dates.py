"""The day the synthetic register is built as of, and months counted from a date."""

import datetime

TODAY = datetime.date(2026, 11, 23)


def first_of_month_after(first, months):
    index = first.month - 1 + months
    return datetime.date(first.year + index // 12, index % 12 + 1, 1)
