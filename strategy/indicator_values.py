"""Bulk load of indicator values from CSV or .xlsx: indicator, period, area, value.

Periods are YYYY-MM, YYYY-Qn or YYYY/YY. Every row is checked first; on any
problem nothing is saved. Loading the same file again changes nothing.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from config.imports import ImportFailed, Problem
from config.spreadsheets import SpreadsheetError, read_rows
from strategy.models import Indicator, IndicatorValue
from strategy.periods import parse_period

COLUMNS = ["indicator", "period", "area", "value"]


def load_indicator_values(partnership, data, *, label="values.csv"):
    """Returns (created, updated, unchanged); raises ImportFailed with every problem.
    The label is the file's name, which says whether it is a workbook."""
    try:
        rows = read_rows(label, data)
    except SpreadsheetError as refused:
        raise ImportFailed([Problem(label, 0, "", str(refused))]) from None
    if not rows or not any(rows[0]):
        raise ImportFailed([Problem(label, 0, "", "the file is empty: it needs a header row")])
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportFailed([Problem(label, 1, c, "missing column") for c in missing])
    at = {c: header.index(c) for c in COLUMNS}
    indicators = {i.name.lower(): i for i in Indicator.objects.filter(partnership=partnership)}
    existing = {
        (v.indicator_id, v.period, v.area): v
        for v in IndicatorValue.objects.filter(indicator__partnership=partnership)
    }
    problems, plan, seen = [], [], {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header) :]):
            problems.append(
                Problem(
                    label,
                    number,
                    "",
                    f"{len(cells)} cells but {len(header)} columns: quote a value that holds a comma",
                )
            )
            continue
        cells = cells + [""] * (len(header) - len(cells))
        row = {c: cells[i] for c, i in at.items()}
        indicator = indicators.get(row["indicator"].lower())
        if indicator is None:
            problems.append(
                Problem(
                    label,
                    number,
                    "indicator",
                    f"unknown indicator '{row['indicator']}' in {partnership}",
                )
            )
        try:
            period = parse_period(row["period"])
        except ValueError as error:
            problems.append(Problem(label, number, "period", str(error)))
            period = None
        try:
            value = Decimal(row["value"].replace(",", ""))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Problem(label, number, "value", f"'{row['value']}' is not a number"))
            value = None
        if indicator is None or period is None or value is None:
            continue
        key = (indicator.pk, period.key, row["area"])
        if key in seen:
            problems.append(
                Problem(
                    label, number, "", f"the same indicator, period and area as row {seen[key]}"
                )
            )
            continue
        seen[key] = number
        plan.append((indicator, period, row["area"], value))
    if problems:
        raise ImportFailed(problems)
    created = updated = unchanged = 0
    with transaction.atomic():
        for indicator, period, area, value in plan:
            current = existing.get((indicator.pk, period.key, area))
            if current is None:
                IndicatorValue.objects.create(
                    indicator=indicator,
                    period=period.key,
                    period_start=period.start,
                    area=area,
                    value=value,
                )
                created += 1
            elif current.value != value:
                current.value = value
                current.save(update_fields=["value"])
                updated += 1
            else:
                unchanged += 1
    return created, updated, unchanged
