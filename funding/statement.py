"""The funding statement of a partnership for a year, with earlier years beside it:
income by stream, expenditure by recipient, totals and any gap between them
(the shape of Worcestershire's 2011 table 1). Three queries, whatever the size.
"""

from dataclasses import dataclass, field

from config.periods import year_label
from funding.models import Allocation, Budget, Grant
from funding.money import pence_to_decimal, pounds

EARLIER_YEARS = 2


@dataclass
class Line:
    label: str
    cells: dict = field(default_factory=dict)  # year -> pence
    detail: str = ""


@dataclass
class Statement:
    holder: object
    year: int
    years: list
    income: list
    expenditure: list
    provisional_years: set

    def labels(self):
        return [year_label(y) for y in self.years]

    def income_total(self, year):
        return sum(line.cells.get(year, 0) for line in self.income)

    def expenditure_total(self, year):
        return sum(line.cells.get(year, 0) for line in self.expenditure)

    def incomplete(self, year, lines):
        """A provisional year missing a line that other years have: its total is to be confirmed."""
        return year in self.provisional_years and any(year not in line.cells for line in lines)

    def columns(self):
        """Per year: the totals, the gap and whether each total is still to be confirmed."""
        out = []
        for y in self.years:
            income, spent = self.income_total(y), self.expenditure_total(y)
            out.append(
                {
                    "year": y,
                    "label": year_label(y),
                    "provisional": y in self.provisional_years,
                    "income": income,
                    "expenditure": spent,
                    "income_tbc": self.incomplete(y, self.income),
                    "expenditure_tbc": self.incomplete(y, self.expenditure),
                    "gap": income - spent,
                    "has_lines": any(y in line.cells for line in self.income + self.expenditure),
                }
            )
        return out

    def grid(self, lines):
        """Rows for a template: the label and one cell per year (None when not recorded)."""
        return [
            {
                "label": line.label,
                "detail": line.detail,
                "cells": [line.cells.get(y) for y in self.years],
            }
            for line in lines
        ]

    def table(self, lines):
        """Rows for the page: each cell's amount, and whether a missing one is to be confirmed."""
        return [
            {
                "label": line.label,
                "detail": line.detail,
                "cells": [
                    {
                        "amount": line.cells.get(y),
                        "tbc": y in self.provisional_years and y not in line.cells,
                    }
                    for y in self.years
                ],
            }
            for line in lines
        ]

    def gaps(self):
        """Years in which the lines do not add up to the income: said in words."""
        found = []
        for col in self.columns():
            if not col["has_lines"]:
                continue
            if col["income_tbc"] or col["expenditure_tbc"]:
                if col["gap"] < 0:
                    found.append(
                        f"In {col['label']} the lines recorded so far add up to "
                        f"{pounds(col['expenditure'])}, already {pounds(-col['gap'])} more than "
                        f"the income recorded so far ({pounds(col['income'])})."
                    )
                continue
            if col["gap"] < 0:
                found.append(
                    f"In {col['label']} the expenditure lines add up to {pounds(col['expenditure'])}, "
                    f"{pounds(-col['gap'])} more than the income of {pounds(col['income'])}."
                )
            elif col["gap"] > 0 and col["expenditure"]:
                found.append(
                    f"In {col['label']} {pounds(col['gap'])} of the income of "
                    f"{pounds(col['income'])} is not yet allocated."
                )
        return found

    def rows_for_export(self):
        """One row per line and total, amounts in pounds (exact decimals)."""

        def cells(values):
            return ["" if v is None else pence_to_decimal(v) for v in values]

        rows = [["Income", line["label"], *cells(line["cells"])] for line in self.grid(self.income)]
        cols = self.columns()
        rows.append(["Income", "Total income", *cells([c["income"] for c in cols])])
        rows += [
            ["Expenditure", line["label"], *cells(line["cells"])]
            for line in self.grid(self.expenditure)
        ]
        rows.append(["Expenditure", "Total expenditure", *cells([c["expenditure"] for c in cols])])
        rows.append(["Balance", "Income less expenditure", *cells([c["gap"] for c in cols])])
        return rows

    def export_headers(self):
        return [
            "Section",
            "Line",
            *[
                f"{year_label(y)}{' provisional' if y in self.provisional_years else ''} (£)"
                for y in self.years
            ],
        ]


def funding_statement(holder, year, earlier=EARLIER_YEARS):
    years = list(range(year - earlier, year + 1))
    budgets = list(
        Budget.objects.filter(holder=holder, year__in=years)
        .select_related("stream")
        .order_by("stream_id", "year")
    )
    allocations = list(
        Allocation.objects.current()
        .filter(budget__holder=holder, budget__year__in=years)
        .select_related("recipient_partnership", "budget")
        .order_by("id")
    )
    grants = list(
        Grant.objects.filter(budget__holder=holder, budget__year__in=years)
        .exclude(status=Grant.Status.WITHDRAWN)
        .select_related("provider", "budget")
        .order_by("id")
    )
    income = {}
    provisional = set()
    for budget in budgets:
        line = income.setdefault(budget.stream_id, Line(budget.stream.name))
        line.cells[budget.year] = budget.amount
        if budget.status == Budget.Status.PROVISIONAL:
            provisional.add(budget.year)
    # Lines keep the order in which they were first recorded: the order of the report.
    spent = {}
    for allocation in allocations:
        line = spent.setdefault(allocation.recipient.lower(), Line(allocation.recipient))
        y = allocation.budget.year
        line.cells[y] = line.cells.get(y, 0) + allocation.amount
    for grant in grants:
        label = grant.title
        line = spent.setdefault(
            f"grant:{label.lower()}",
            Line(
                label, detail=grant.provider.name if grant.provider_id else "Provider to be chosen"
            ),
        )
        y = grant.budget.year
        line.cells[y] = line.cells.get(y, 0) + grant.amount
    # Earlier years with nothing recorded are left out rather than shown empty.
    recorded = {y for line in [*income.values(), *spent.values()] for y in line.cells}
    years = [y for y in years if y == year or y in recorded]
    return Statement(
        holder=holder,
        year=year,
        years=years,
        income=list(income.values()),
        expenditure=list(spent.values()),
        provisional_years=provisional,
    )
