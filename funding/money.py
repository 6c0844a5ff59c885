"""Money in whole pence, and financial years written 2011/12.

Amounts are stored as integer pence: no float ever touches them, and a split
always adds up to exactly what was split.
"""

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

_MONEY = re.compile(r"^-?\d+(\.\d{1,2})?$")


def parse_pounds(text):
    """Pence from what a person types: '£1,234.56', '1234.5', '707000'.

    ValueError with a message a person can act on otherwise.
    """
    cleaned = str(text or "").strip().replace("£", "").replace(",", "").replace(" ", "")
    if not cleaned:
        raise ValueError("Enter an amount in pounds, like 1,250.00")
    if not _MONEY.match(cleaned):
        raise ValueError(
            f"'{text}' is not an amount in pounds: use digits, with at most two decimal places"
        )
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not an amount in pounds") from None


def parse_amount(text):
    """Pence of an amount recorded, from a form or an imported file: what
    parse_pounds reads, neither negative nor too large to store (ValueError)."""
    pence = parse_pounds(text)
    if pence < 0:
        raise ValueError("The amount cannot be negative.")
    if pence >= 10**13:
        raise ValueError("The amount is too large.")
    return pence


def pounds(pence, *, always_pence=False):
    """'£707,000' for whole pounds, '£1,234.56' otherwise; '-£753' when negative."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(int(pence)), 100)
    if part or always_pence:
        return f"{sign}£{whole:,}.{part:02d}"
    return f"{sign}£{whole:,}"


def pence_to_decimal(pence):
    """Pounds as an exact Decimal with two places (for exports)."""
    return (Decimal(int(pence)) / 100).quantize(Decimal("0.01"))


def split_pence(total, weights):
    """Share `total` pence out in proportion to `weights`, to the penny.

    Largest remainder: every share is first rounded down, then the pennies left
    over go one each to the shares with the largest fractions (ties to the
    earlier share). The result always adds up to `total`: no penny is lost or
    created. Weights are exact (int, Decimal or Fraction), never float.
    """
    if total < 0:
        raise ValueError("Cannot split a negative amount.")
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("Weights cannot be negative.")
    whole = sum(exact)
    if whole == 0:
        raise ValueError("At least one weight must be above zero.")
    ideal = [Fraction(total) * w / whole for w in exact]
    shares = [int(x) for x in ideal]  # floor, as every x is >= 0
    left = total - sum(shares)
    by_remainder = sorted(range(len(ideal)), key=lambda i: (-(ideal[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares
