"""Finding anything: one box searches the register, meetings, actions, strategy,
funding and scrutiny, showing each reader only what they may see.

On PostgreSQL: full-text search in English (websearch syntax: "quoted phrases",
or, -not), ranked, with the words found marked in a snippet, each kind's text
indexed (GIN, home/migrations). Elsewhere (SQLite): every word must appear in
the text, and the snippet is cut around the first one.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Q, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from funding.models import Grant
from meetings.models import Action, AgendaItem, Decision, Meeting
from partnerships.models import Group, Organisation, Person
from scrutiny.models import Recommendation, Review
from strategy.models import Priority

CONFIG = "english"
START, STOP = "\x02", "\x03"  # ts_headline's marks, made <mark> once the text is escaped


def _day(date):
    return f"{date:%-d %B %Y}"


@dataclass(frozen=True)
class Kind:
    """One kind of record: the text searched (indexed in this order), the records a
    reader may see, and how a result reads. Most are for readers of the register only;
    anyone finds the actions they may see (an owner, their own)."""

    key: str
    label: str
    fields: tuple
    records: object  # user -> queryset
    title: object  # record -> str
    url: object  # record -> str
    context: object  # record -> str
    readers_only: bool = True

    def readable(self, user):
        if self.readers_only and not user.has_perm("partnerships.view_register"):
            return self.records(user).none()
        return self.records(user)


def _meeting_of(item):
    return f"{item.meeting.group.name}, {_day(item.meeting.date)}"


KINDS = (
    Kind(
        "groups",
        "Groups",
        ("name", "purpose"),
        lambda user: Group.objects.current().select_related("partnership"),
        lambda g: g.name,
        lambda g: g.get_absolute_url(),
        lambda g: g.partnership.name,
    ),
    Kind(
        "people",
        "People",
        ("name", "job_title"),
        lambda user: Person.objects.current().select_related("organisation"),
        lambda p: p.name,
        lambda p: p.get_absolute_url(),
        lambda p: ", ".join(filter(None, [p.job_title, str(p.organisation or "")])),
    ),
    Kind(
        "organisations",
        "Organisations",
        ("name",),
        lambda user: Organisation.objects.current(),
        lambda o: o.name,
        lambda o: o.get_absolute_url(),
        lambda o: o.get_kind_display(),
    ),
    Kind(
        "meetings",
        "Meetings and minutes",
        ("place", "minutes"),
        lambda user: Meeting.objects.select_related("group"),
        lambda m: f"{m.group.name}, {_day(m.date)}",
        lambda m: m.get_absolute_url(),
        lambda m: f"Minutes: {m.get_minutes_status_display().lower()}",
    ),
    Kind(
        "items",
        "Agenda items",
        ("title", "presenter"),
        lambda user: AgendaItem.objects.visible_to(user).select_related("meeting__group"),
        lambda i: i.title,
        lambda i: f"{i.meeting.get_absolute_url()}#item-{i.pk}",
        _meeting_of,
    ),
    Kind(
        "decisions",
        "Decisions",
        ("text",),
        lambda user: Decision.objects.filter(
            item__in=AgendaItem.objects.visible_to(user)
        ).select_related("item__meeting__group"),
        lambda d: f"Decision on “{d.item.title}”",
        lambda d: f"{d.item.meeting.get_absolute_url()}#item-{d.item_id}",
        lambda d: _meeting_of(d.item),
    ),
    Kind(
        "actions",
        "Actions",
        ("description",),
        lambda user: Action.objects.visible_to(user).select_related("group", "owner"),
        lambda a: a.description,
        lambda a: a.get_absolute_url(),
        lambda a: (
            f"{a.group.name}; {a.get_status_display().lower()}"
            + (f"; {a.owner}" if a.owner_id else "")
        ),
        readers_only=False,
    ),
    Kind(
        "priorities",
        "Priorities",
        ("title", "description", "rationale"),
        lambda user: Priority.objects.select_related("plan"),
        lambda p: p.title,
        lambda p: p.get_absolute_url(),
        lambda p: str(p.plan),
    ),
    Kind(
        "grants",
        "Grants",
        ("title", "description", "evaluation_summary"),
        lambda user: Grant.objects.select_related("partnership"),
        lambda g: g.title,
        lambda g: g.get_absolute_url(),
        lambda g: f"{g.partnership.name}; {g.get_status_display().lower()}",
    ),
    Kind(
        "reviews",
        "Scrutiny reviews",
        ("title", "purpose", "terms_of_reference", "background", "conclusion"),
        lambda user: Review.objects.all(),
        lambda r: r.title,
        lambda r: r.get_absolute_url(),
        lambda r: r.get_status_display(),
    ),
    Kind(
        "recommendations",
        "Recommendations",
        ("text", "response_text"),
        lambda user: Recommendation.objects.current().select_related("review"),
        lambda r: f"Recommendation {r.reference} of “{r.review.title}”",
        lambda r: f"{r.review.get_absolute_url()}#rec-{r.pk}",
        lambda r: r.get_response_display(),
    ),
)
BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    context: str
    snippet: str


def words(text):
    return [w for w in re.findall(r"\w+", text.lower()) if len(w) > 1]


def search(user, text, kind):
    """The records of `kind` the user may see that match `text`, best first: a queryset
    (a page counts and cuts it) and the function that makes each a Result."""
    records = kind.readable(user)
    if connection.vendor == "postgresql":
        return _full_text(records, text, kind)
    return _contains(records, text, kind)


def _full_text(records, text, kind):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    vector = SearchVector(*kind.fields, config=CONFIG)  # as the index is made
    found = (
        records.annotate(found=vector)
        .filter(found=query)
        .annotate(
            rank=SearchRank(vector, query),
            headline=SearchHeadline(
                _joined(kind.fields),
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-pk")
    )
    return found, lambda record: _result(kind, record, _marked(record.headline))


def _joined(fields):
    parts = []
    for name in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(name, Value(""), output_field=CharField()))
    return parts[0] if len(parts) == 1 else Concat(*parts, output_field=CharField())


def _contains(records, text, kind):
    wanted = words(text)
    condition = Q()
    for word in wanted:
        condition &= Q(
            *(Q(**{f"{name}__icontains": word}) for name in kind.fields), _connector=Q.OR
        )
    found = records.filter(condition).order_by("-pk") if wanted else records.none()
    return found, lambda record: _result(kind, record, _cut(record, kind, wanted))


def _cut(record, kind, wanted, width=220):
    """The record's text around the first word found, with the words marked."""
    text = " ".join(filter(None, (str(getattr(record, name) or "") for name in kind.fields)))
    at = min((i for w in wanted if (i := text.lower().find(w)) >= 0), default=0)
    start = text.rfind(" ", 0, max(at - 80, 0)) + 1
    piece = text[start : start + width]
    return mark_safe(  # noqa: S308 - every piece of text is escaped by _mark
        ("… " if start else "") + _mark(piece, wanted) + (" …" if start + width < len(text) else "")
    )


def _mark(text, wanted):
    """`text` escaped, with each of the `wanted` words in it marked."""
    if not wanted:
        return escape(text)
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(wanted, key=len, reverse=True)), re.IGNORECASE
    )
    out, last = [], 0
    for found in pattern.finditer(text):
        out += [escape(text[last : found.start()]), "<mark>", escape(found.group()), "</mark>"]
        last = found.end()
    return "".join([*out, escape(text[last:])])


def _marked(headline):
    """ts_headline's text escaped, then its marks made <mark>."""
    safe = escape(headline or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(safe)  # noqa: S308 - escaped above, only <mark> added


def _result(kind, record, snippet):
    return Result(kind.title(record), kind.url(record), kind.context(record), snippet)
