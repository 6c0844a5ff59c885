import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from funding.money import parse_amount, parse_pounds, pence_to_decimal, pounds, split_pence


@pytest.mark.parametrize(
    "text, message",
    [("-5", "The amount cannot be negative."), ("100000000000", "The amount is too large.")],
)
def test_an_amount_recorded_is_never_negative_nor_too_large(text, message):
    """The one rule of the amount forms and the 360Giving import."""
    with pytest.raises(ValueError, match=message):
        parse_amount(text)
    assert parse_amount("99,999,999,999.99") == 10**13 - 1


@pytest.mark.parametrize(
    "typed, pence",
    [
        ("£1,234.56", 123456),
        ("1234.5", 123450),
        ("707000", 70700000),
        (" £ 707,000 ", 70700000),
        ("£1 250.00", 125000),
        ("0.01", 1),
        ("0", 0),
        ("-12.30", -1230),
    ],
)
def test_it_parses_what_a_person_types_into_pence(typed, pence):
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize("typed", ["", "   ", "£", None])
def test_it_asks_for_an_amount_when_nothing_is_typed(typed):
    with pytest.raises(ValueError, match=r"^Enter an amount in pounds, like 1,250\.00$"):
        parse_pounds(typed)


@pytest.mark.parametrize("typed", ["12.345", "twelve", "1e5", "£12.5p", "1.2.3", ".50", "12."])
def test_it_refuses_what_is_not_an_amount_and_says_why(typed):
    with pytest.raises(ValueError) as caught:
        parse_pounds(typed)
    assert str(caught.value) == (
        f"'{typed}' is not an amount in pounds: use digits, with at most two decimal places"
    )


@pytest.mark.parametrize(
    "pence, text",
    [
        (70700000, "£707,000"),
        (123456, "£1,234.56"),
        (5, "£0.05"),
        (0, "£0"),
        (-75300, "-£753"),
        (-5, "-£0.05"),
        (None, ""),
    ],
)
def test_it_writes_pence_as_pounds(pence, text):
    assert pounds(pence) == text


def test_it_writes_the_pence_when_asked_even_for_whole_pounds():
    assert pounds(100, always_pence=True) == "£1.00"
    assert pounds(70700000, always_pence=True) == "£707,000.00"


def test_it_gives_exact_decimal_pounds_for_exports():
    assert pence_to_decimal(123456) == Decimal("1234.56")
    assert str(pence_to_decimal(70700000)) == "707000.00"
    assert str(pence_to_decimal(-5)) == "-0.05"


def test_it_always_splits_to_exactly_the_total():
    rng = random.Random(20110401)
    for _ in range(2000):
        total = rng.choice([0, 1, 2, 99, 100, rng.randrange(10**9)])
        count = rng.randrange(1, 9)
        weights = [rng.choice([0, rng.randrange(1, 1000)]) for _ in range(count)]
        if not any(weights):
            weights[rng.randrange(count)] = 1
        if rng.random() < 0.3:
            weights = [Fraction(w, rng.randrange(1, 13)) for w in weights]
        elif rng.random() < 0.3:
            weights = [Decimal(w) / 1000 for w in weights]

        shares = split_pence(total, weights)

        assert sum(shares) == total, (total, weights, shares)
        whole = sum(Fraction(w) for w in weights)
        ideal = [Fraction(total) * Fraction(w) / whole for w in weights]
        for share, exact, weight in zip(shares, ideal, weights, strict=True):
            # Each share is its exact part rounded down or up, never further off.
            assert math.floor(exact) <= share <= math.ceil(exact)
            if weight == 0:
                assert share == 0
        # The pennies rounded up went to the largest remainders.
        up = [
            exact - math.floor(exact) for s, exact in zip(shares, ideal, strict=True) if s > exact
        ]
        down = [
            exact - math.floor(exact) for s, exact in zip(shares, ideal, strict=True) if s < exact
        ]
        if up and down:
            assert min(up) >= max(down)


def test_it_gives_a_tied_penny_to_the_earlier_share():
    assert split_pence(10000, [1, 1, 1]) == [3334, 3333, 3333]
    assert split_pence(20000, [1, 1, 1]) == [6667, 6667, 6666]
    assert split_pence(5, [2, 2, 1, 1]) == [2, 1, 1, 1]


def test_it_gives_the_penny_to_the_largest_remainder_not_the_first_share():
    # 100 × 1/7 = 14.29, 100 × 2/7 = 28.57, 100 × 4/7 = 57.14: the 0.57 wins.
    assert split_pence(100, [1, 2, 4]) == [14, 29, 57]


def test_it_gives_nothing_to_a_zero_weight():
    assert split_pence(1001, [0, 1, 0, 1]) == [0, 501, 0, 500]
    assert split_pence(0, [1, 2]) == [0, 0]


def test_it_refuses_a_split_it_cannot_make():
    with pytest.raises(ValueError, match="Cannot split a negative amount"):
        split_pence(-1, [1, 1])
    with pytest.raises(ValueError, match="Weights cannot be negative"):
        split_pence(100, [2, -1])
    with pytest.raises(ValueError, match="At least one weight must be above zero"):
        split_pence(100, [0, 0])
    with pytest.raises(ValueError, match="At least one weight must be above zero"):
        split_pence(100, [])
