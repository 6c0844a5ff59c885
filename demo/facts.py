"""The demo's facts: the YAML files under demo/data/, read as they are.

A file holds a list of records (the register's files, the plans) or one record
(a review, a funding table). Every record names its `source`: one or more reports
of data/sources.yaml separated by "; ", each with the section it comes from. A
record naming no source, or a report the list does not hold, stops the load.
Each record made from one keeps its source (`note`), which its page shows.
"""

import re
from functools import cache
from pathlib import Path

import yaml
from django.contrib.contenttypes.models import ContentType

from ops.models import Source

DATA = Path(__file__).resolve().parent / "data"


class FactsError(Exception):
    pass


@cache
def reports():
    """The reports a record may name, by key."""
    return yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))


def read(name):
    """The contents of data/<name>.yaml, each record's source checked."""
    path = DATA / f"{name}.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    records = content if isinstance(content, list) else [content]
    for number, record in enumerate(records, start=1):
        where = f"{path.relative_to(DATA)}, record {number}"
        if not isinstance(record, dict) or not record.get("source"):
            raise FactsError(f"{where} names no source.")
        for source in _sources_in(record):
            for report in cited(source):
                if report not in reports():
                    raise FactsError(f"{where} names {report!r}, which sources.yaml does not hold.")
    return content


def _sources_in(value):
    """Every `source` in a record: its own, and any of its parts' (a part written
    for the demo within a report's record)."""
    if isinstance(value, dict):
        if "source" in value:
            yield value["source"]
        children = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return
    for child in children:
        yield from _sources_in(child)


def cited(source):
    """The reports a source names: "worcs-2011 §2; worcs-2015 §6.16" names two."""
    return [part.split()[0] for part in source.split(";") if part.strip()]


def citation(source):
    """A source as a reader sees it: each report's title, body and year with its
    section ("… (Worcestershire Safer Communities Board, 2011), §2"); and whether
    any of it was written for the demo."""
    parts, illustrative = [], False
    for part in source.split(";"):
        key, _, section = part.strip().partition(" ")
        if key == "demo":
            illustrative = True
            continue
        report = reports()[key]
        year = re.search(r"\d{4}", str(report["published"]))
        when = f", {year.group()}" if year else ""
        parts.append(f"{report['title']} ({report['by']}{when}){', ' + section if section else ''}")
    return "; ".join(parts), illustrative


def note(record, source):
    """Keep where the record comes from, so that its page can say: the reports and
    sections of `source`, or that it is illustrative. Noted again, it is replaced."""
    text, illustrative = citation(source)
    Source.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        defaults={"citation": text, "illustrative": illustrative},
    )
