from django import template
from django.utils.html import format_html_join

from scrutiny.bank import CHECK_TITLES

register = template.Library()


@register.filter
def check_title(name):
    """The heading of a health check, from its stable name."""
    return CHECK_TITLES.get(name, name)


@register.filter
def select_options(field):
    """The options of a filter's list, written in one pass: a national register's list
    of partnerships has hundreds, which a loop in the template writes ten times slower.
    The checks are listed by their headings."""
    value = field.value()
    chosen = {
        str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")
    }
    headings = field.name == "check"
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                choice,
                " selected" if str(choice) in chosen else "",
                check_title(str(choice)) if headings and str(choice) else label,
            )
            for choice, label in field.field.choices
        ),
    )
