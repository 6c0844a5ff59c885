"""Pages of a list: ?page=2&page_size=100. A page number or size that is not a whole
number in range is refused with 400, not quietly replaced; a page past the last is
404. Both are written in digits only, as the schema says: no 'last', no '+2', no
' 2', no '2.0'."""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100

DIGITS = re.compile(r"[0-9]+")


def _whole_number(raw, name, message, *, low, high=None):
    """`raw` from the query string as a whole number from `low` to `high`, or a 400
    naming the parameter."""
    number = int(raw) if DIGITS.fullmatch(raw) else None
    if number is None or number < low or (high is not None and number > high):
        raise ValidationError({name: [message]})
    return number


class Pages(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return _whole_number(raw, self.page_query_param, "Enter a whole number from 1.", low=1)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return _whole_number(
            raw,
            self.page_size_query_param,
            f"Enter a whole number from 1 to {self.max_page_size}.",
            low=1,
            high=self.max_page_size,
        )

    def get_schema_operation_parameters(self, view):
        page, page_size = super().get_schema_operation_parameters(view)
        page["schema"] = {"type": "integer", "minimum": 1}
        page["description"] = (
            "A page number (1 is the first), in digits. Anything else is 400; a page past "
            "the last is 404."
        )
        page_size["schema"] = {
            "type": "integer",
            "minimum": 1,
            "maximum": self.max_page_size,
            "default": self.page_size,
        }
        page_size["description"] = (
            f"Results per page, from 1 to {self.max_page_size} (default {self.page_size}); "
            "anything else is 400."
        )
        for parameter in (page, page_size):
            parameter["allowEmptyValue"] = False
        return [page, page_size]
