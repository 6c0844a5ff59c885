"""Financial years (April to March, kept as the year they start in) and quarters."""

import datetime

import pytest

from config.periods import parse_year, quarter_end, year_bounds, year_label, year_of


def test_it_labels_financial_years_as_printed():
    assert year_label(2011) == "2011/12"
    assert year_label(1999) == "1999/00"
    assert year_label(2009) == "2009/10"


@pytest.mark.parametrize("text", ["2011/12", "2011-12", " 2011/12 "])
def test_it_reads_a_financial_year(text):
    assert parse_year(text) == 2011


def test_it_reads_the_year_across_a_century():
    assert parse_year("1999/00") == 1999


@pytest.mark.parametrize("text", ["2011/13", "2011", "11/12", "2011/2012", "year", ""])
def test_it_refuses_what_is_not_a_financial_year(text):
    with pytest.raises(ValueError) as caught:
        parse_year(text)
    assert str(caught.value) == f"'{text.strip()}' is not a financial year: write it like 2011/12"


def test_it_finds_the_financial_year_of_a_day():
    assert year_of(datetime.date(2012, 3, 31)) == 2011
    assert year_of(datetime.date(2012, 4, 1)) == 2012
    assert year_of(datetime.date(2011, 12, 25)) == 2011
    assert year_bounds(2011) == (datetime.date(2011, 4, 1), datetime.date(2012, 3, 31))


@pytest.mark.parametrize(
    "day, end",
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 6, 30), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 8, 15), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 12, 31), datetime.date(2026, 12, 31)),
        (datetime.date(2024, 2, 29), datetime.date(2024, 3, 31)),
    ],
)
def test_it_finds_the_last_day_of_the_quarter(day, end):
    assert quarter_end(day) == end
