"""The funding statement reproduces Worcestershire's 2011 table 1 line by line."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from funding.models import Budget, Grant
from funding.statement import funding_statement
from funding.tests.factories import (
    AllocationFactory,
    BudgetFactory,
    FundingStreamFactory,
    GrantFactory,
)
from partnerships.models import Partnership
from partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

TBC = None  # not recorded: shown as "to be confirmed"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-accounts")


def _in_pounds(statement, lines):
    """(label, [pounds or TBC per year]) for each line, as the table prints it."""
    return [
        (row["label"], [TBC if pence is None else Decimal(pence) / 100 for pence in row["cells"]])
        for row in statement.grid(lines)
    ]


def test_it_reproduces_worcestershires_table_1_line_by_line(demo):
    board = Partnership.objects.get(name="Safer Communities Board")

    statement = funding_statement(board, 2012)

    assert statement.labels() == ["2010/11", "2011/12", "2012/13"]
    assert _in_pounds(statement, statement.income) == [
        ("Community Safety Fund", [575_000, 544_338, 275_000]),
        ("WCC Community Safety Grant Contribution", [132_000, 100_000, TBC]),
    ]
    assert _in_pounds(statement, statement.expenditure) == [
        ("SCB Commissioning", [32_975, 20_000, TBC]),
        ("Drug and Alcohol Action Team", [89_000, 69_000, TBC]),
        ("WCC Community Safety Team", [35_000, 28_000, TBC]),
        ("Bromsgrove CSP", [87_574, 71_695, 37_440]),
        ("Redditch CSP", [90_327, 107_400, 56_086]),
        ("S Worcs CSP", [269_882, 238_858, 124_735]),
        ("Wyre Forest CSP", [102_995, 109_385, 57_122]),
    ]
    [y2010, y2011, y2012] = statement.columns()
    assert (y2010["income"], y2011["income"]) == (707_000_00, 644_338_00)
    assert y2011["expenditure"] == 644_338_00
    assert y2011["gap"] == 0
    assert not (y2010["income_tbc"] or y2010["expenditure_tbc"] or y2010["provisional"])
    assert not (y2011["income_tbc"] or y2011["expenditure_tbc"] or y2011["provisional"])
    # 2012/13 was still being agreed: its totals are to be confirmed.
    assert y2012["provisional"] and y2012["income_tbc"] and y2012["expenditure_tbc"]


def test_it_surfaces_the_printed_tables_own_arithmetic(demo):
    board = Partnership.objects.get(name="Safer Communities Board")

    statement = funding_statement(board, 2012)

    # The 2010/11 lines as printed add up to £707,753 against an income of £707,000.
    [y2010, _, _] = statement.columns()
    assert (y2010["income"], y2010["expenditure"], y2010["gap"]) == (
        707_000_00,
        707_753_00,
        -753_00,
    )
    gaps = statement.gaps()
    assert (
        "In 2010/11 the expenditure lines add up to £707,753, "
        "£753 more than the income of £707,000."
    ) in gaps
    assert not any("2011/12" in gap for gap in gaps)


def test_it_exports_the_rows_of_the_grid(demo):
    board = Partnership.objects.get(name="Safer Communities Board")
    statement = funding_statement(board, 2012)

    rows = statement.rows_for_export()

    assert statement.export_headers() == [
        "Section",
        "Line",
        "2010/11 (£)",
        "2011/12 (£)",
        "2012/13 provisional (£)",
    ]
    expected = [["Income", row["label"], *row["cells"]] for row in statement.grid(statement.income)]
    expected.append(["Income", "Total income", 707_000_00, 644_338_00, 275_000_00])
    expected += [
        ["Expenditure", row["label"], *row["cells"]]
        for row in statement.grid(statement.expenditure)
    ]
    expected.append(["Expenditure", "Total expenditure", 707_753_00, 644_338_00, 275_383_00])
    expected.append(["Balance", "Income less expenditure", -753_00, 0, -383_00])
    assert [row[:2] for row in rows] == [row[:2] for row in expected]
    for row, want in zip(rows, expected, strict=True):
        assert row[2:] == ["" if pence is None else Decimal(pence) / 100 for pence in want[2:]]
    assert rows[1] == [
        "Income",
        "WCC Community Safety Grant Contribution",
        Decimal("132000.00"),
        Decimal("100000.00"),
        "",
    ]
    assert all(str(cell).endswith(".00") for row in rows for cell in row[2:] if cell != "")


def test_it_totals_swindons_2020_21_allocations(demo):
    swindon = Partnership.objects.get(name="Swindon Community Safety Partnership")

    statement = funding_statement(swindon, 2020)

    [column] = [c for c in statement.columns() if c["year"] == 2020]
    assert column["income"] == 496_322_00
    assert column["expenditure"] == 496_322_00
    assert column["gap"] == 0 and not column["income_tbc"] and not column["expenditure_tbc"]
    assert statement.gaps() == []
    lines = {row["label"]: row for row in statement.grid(statement.expenditure)}
    assert len(lines) == 12
    assert lines["Sexual Assault Community Support"]["detail"] == "Provider to be chosen"
    assert lines["Phoenix"]["detail"] == "Wiltshire Council"


def test_it_leaves_withdrawn_money_out_and_says_what_is_unallocated():
    budget = BudgetFactory(amount=1_000_00, year=2024)
    AllocationFactory(budget=budget, recipient_name="Youth service", amount=600_00)
    AllocationFactory(
        budget=budget, recipient_name="Old service", amount=400_00, withdrawn_at=timezone.now()
    )
    GrantFactory(
        budget=budget,
        partnership=budget.holder,
        title="Withdrawn project",
        amount=1_00,
        status=Grant.Status.WITHDRAWN,
    )

    statement = funding_statement(budget.holder, 2024)

    assert [row["label"] for row in statement.grid(statement.expenditure)] == ["Youth service"]
    assert statement.gaps() == ["In 2024/25 £400 of the income of £1,000 is not yet allocated."]


def test_it_adds_up_lines_of_the_same_recipient_from_two_streams():
    holder = PartnershipFactory()
    for pounds in (700, 300):
        budget = BudgetFactory(holder=holder, year=2024, amount=pounds * 100)
        AllocationFactory(budget=budget, recipient_name="Youth Service", amount=pounds * 100)
    AllocationFactory(
        budget=BudgetFactory(holder=holder, year=2023, amount=5_00),
        recipient_name="YOUTH SERVICE",
        amount=5_00,
    )

    statement = funding_statement(holder, 2024)

    assert _in_pounds(statement, statement.expenditure)[0] == ("Youth Service", [5, 1_000])
    assert statement.gaps() == []


def _statement_data(holder, streams, recipients):
    streams = [FundingStreamFactory() for _ in range(streams)]
    for year in (2022, 2023, 2024):
        for stream in streams:
            budget = BudgetFactory(stream=stream, holder=holder, year=year, amount=10**9)
            for n in range(recipients):
                AllocationFactory(
                    budget=budget,
                    recipient_name="",
                    recipient_partnership=PartnershipFactory(),
                    amount=100_00 + n,
                )
                GrantFactory(budget=budget, partnership=holder, amount=50_00)


def _read_everything(statement):
    statement.columns()
    statement.gaps()
    statement.rows_for_export()
    statement.export_headers()
    return statement.grid(statement.expenditure)


@pytest.mark.parametrize("streams, recipients", [(1, 1), (3, 5)])
def test_it_reads_the_statement_in_three_queries(django_assert_num_queries, streams, recipients):
    holder = PartnershipFactory()
    _statement_data(holder, streams, recipients)
    BudgetFactory(year=2024)  # another partnership's: not in the statement
    holder = Partnership.objects.get(pk=holder.pk)

    # 1. the budgets with their streams
    # 2. the current allocations with their recipient partnerships and budgets
    # 3. the grants (withdrawn aside) with their providers and budgets
    with django_assert_num_queries(3):
        statement = funding_statement(holder, 2024)
        grid = _read_everything(statement)

    assert len(statement.income) == streams
    assert len(grid) == 2 * streams * recipients * 3
    assert statement.income_total(2024) == streams * 10**9
    assert Budget.objects.filter(holder=holder).count() == 3 * streams
