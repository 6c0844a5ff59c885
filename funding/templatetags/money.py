from django import template

from config.periods import year_label
from funding.money import pounds as format_pounds

register = template.Library()


@register.filter
def pounds(pence):
    """Pence shown as '£707,000' or '£1,234.56'; empty for None."""
    return format_pounds(pence)


@register.filter
def financial_year(start):
    return year_label(start) if start is not None else ""
