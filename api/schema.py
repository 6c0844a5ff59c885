"""The OpenAPI schema: every operation documents the errors it can answer with, and
its query parameters exactly as the API reads them."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """What went wrong, in a sentence."""

    detail = serializers.CharField()


# A bad filter or page size: each parameter named, with what is wrong with it.
INVALID_PARAMETERS = {
    "type": "object",
    "description": "Each parameter that was refused, with the reasons.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"date_from": ["Enter a valid date."]},
}


def _as_read(parameter):
    """A query parameter as the API reads it. A filter's choices arrive as text, so
    they are strings whatever the model field behind them (a yes/no filter on a true
    or false field is not a boolean). An empty value is the same as leaving the
    filter out, as django-filter reads it; a parameter that refuses one (a page
    number or size) says so itself."""
    if parameter["in"] != "query":
        return parameter
    schema = parameter.get("schema", {})
    if "enum" in schema and all(isinstance(value, str) for value in schema["enum"]):
        schema["type"] = "string"
    parameter.setdefault("allowEmptyValue", True)
    return parameter


class ApiSchema(AutoSchema):
    def _get_parameters(self):
        return [_as_read(parameter) for parameter in super()._get_parameters()]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {
            "401": OpenApiResponse(
                ErrorSerializer, "No credentials, or a token that is not valid."
            ),
            "403": OpenApiResponse(ErrorSerializer, "Signed in, but not allowed to read these."),
            "429": OpenApiResponse(
                ErrorSerializer,
                "Too many requests: wait the number of seconds in the Retry-After header.",
            ),
        }
        if self._is_list_view():
            errors["400"] = OpenApiResponse(
                INVALID_PARAMETERS,
                "A filter, page number, page size or other parameter is not valid.",
            )
            errors["404"] = OpenApiResponse(ErrorSerializer, "A page past the last.")
        else:
            errors["404"] = OpenApiResponse(
                ErrorSerializer, "No such record, or none this reader may see."
            )
        for code, response in errors.items():
            responses.setdefault(code, self._get_response_for_code(response, code))
        return responses
