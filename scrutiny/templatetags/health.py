from django import template

from scrutiny.bank import CHECK_TITLES

register = template.Library()


@register.filter
def check_title(name):
    """The heading of a health check, from its stable name."""
    return CHECK_TITLES.get(name, name)
