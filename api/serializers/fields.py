"""What every serializer of the API shares: every field read only, an empty web address
or email address as null, a time of day as HH:MM, and a link made absolute."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class ReadOnlySerializer(serializers.ModelSerializer):
    # Every field read only.

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class BlankAsNullURLField(serializers.URLField):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class BlankAsNullEmailField(serializers.EmailField):
    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "10:00"})
class ClockField(serializers.TimeField):
    """A time of day written HH:MM (24-hour clock, UK time)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, format="%H:%M", **kwargs)


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path
