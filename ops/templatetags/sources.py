"""{% source_note record %}: where the record's facts come from, when it has a
Source (ops.models.Source): the report and section, or that it is illustrative."""

from django import template

from ops.models import Source

register = template.Library()


@register.inclusion_tag("partials/source_note.html")
def source_note(record):
    if record is None or record.pk is None:
        return {"source": None}
    if hasattr(record, "source_citation"):  # read with the record (ops.models.with_source)
        if record.source_citation is None:
            return {"source": None}
        return {
            "source": Source(
                citation=record.source_citation, illustrative=record.source_illustrative
            )
        }
    return {"source": Source.objects.of(record).first()}
