"""The audit trail for administrators: who changed what, and when, across every kind
of record with a history (django-simple-history keeps a version of a record at each
save), newest first; and who downloaded which confidential copy (ConfidentialDownload).

The versions of every kind are read as one query (UNION ALL, newest first, a page
at a time by date, never counted), then the page's versions are loaded a kind at a
time with the version before each, to say which fields a change changed."""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q, Value
from simple_history.models import registered_models

log = logging.getLogger(__name__)

PAGE = 25
# A download holds at most this many changes: narrow it with the filters for more.
MOST_DOWNLOADED = 5000
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def kinds():
    """(label, name) of every kind of record with a history, by name."""
    return sorted(
        (
            (label, str(model._meta.verbose_name_plural).capitalize())
            for label, model in _models().items()
        ),
        key=lambda pair: pair[1],
    )


@dataclass
class Change:
    label: str  # the kind's model label and the version's id: where the next page starts
    history_id: int
    when: datetime.datetime
    who: object  # the account, or None for the system (a task, an import, a migration)
    kind: str
    record_id: int
    record: str
    action: str
    fields: list
    url: str


def changes(*, kind="", user=None, since=None, until=None, before=None, limit=PAGE):
    """The newest `limit` changes matching the filters, each a Change."""
    models = _models()
    chosen = [models[kind]] if kind else list(models.values())
    parts = []
    for model in chosen:
        versions = model.history.order_by()  # each part unordered: the union is ordered
        if user is not None:
            versions = versions.filter(history_user_id=user.pk)
        if since:
            versions = versions.filter(history_date__date__gte=since)
        if until:
            versions = versions.filter(history_date__date__lte=until)
        if before:
            versions = versions.filter(_after(model._meta.label, *before))
        parts.append(
            versions.annotate(
                trail_kind=Value(model._meta.label, output_field=CharField())
            ).values_list("trail_kind", "history_id", "history_date")
        )
    if not parts:
        return []
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = list(query.order_by("-history_date", "-history_id", "-trail_kind")[:limit])
    return _described(rows, models)


def cursor(change):
    """Where the page after `change` starts, for `before`: its time, id and kind."""
    return f"{change.when.isoformat()}|{change.history_id}|{change.label}"


def parse_cursor(text):
    """(time, id, kind) from cursor(); ValueError when it is not one."""
    when, history_id, label = text.split("|")
    if label not in _models():
        raise ValueError(label)
    return datetime.datetime.fromisoformat(when), int(history_id), label


def _after(label, when, history_id, kind):
    """The versions of kind `label` that come after (time, id, kind) newest first:
    earlier, or at the same time with a lower id (or the same id, of a kind sorted
    after), so that versions saved at one moment are all shown, none twice."""
    same_time = Q(history_date=when) & (
        Q(history_id__lte=history_id) if label < kind else Q(history_id__lt=history_id)
    )
    return Q(history_date__lt=when) | same_time


def _models():
    """The kinds the trail shows: not the versions of a many-to-many field (its
    record's own say when it changed), nor a kind whose history is kept from
    administrators (`history_kept_from_the_trail`: a domestic homicide review's)."""
    return {
        model._meta.label: model
        for model in registered_models.values()
        if hasattr(model, "history") and not getattr(model, "history_kept_from_the_trail", False)
    }


def _described(rows, models):
    """Each (kind, history id, date) as a Change: its record, who, and what changed."""
    by_kind = {}
    for kind, history_id, _ in rows:
        by_kind.setdefault(kind, []).append(history_id)
    loaded = {}
    for kind, ids in by_kind.items():
        model = models[kind]
        related = [
            f.name
            for f in model.history.model._meta.concrete_fields
            if f.is_relation and f.name != "history_user"
        ]
        versions = {
            v.history_id: v
            for v in model.history.filter(history_id__in=ids).select_related(*related)
        }
        before = _versions_before(model, versions.values())
        # A record deleted since has no page to link to.
        still_there = set(
            model._base_manager.filter(pk__in={v.id for v in versions.values()}).values_list(
                "pk", flat=True
            )
        )
        for history_id, version in versions.items():
            exists = version.id in still_there
            loaded[(kind, history_id)] = (model, version, before.get(history_id), exists)
    users = get_user_model().objects.in_bulk(
        {v.history_user_id for _, v, _, _ in loaded.values() if v.history_user_id}
    )
    described = []
    for kind, history_id, when in rows:
        model, version, previous, exists = loaded[(kind, history_id)]
        record = _rebuilt(version)
        described.append(
            Change(
                label=kind,
                history_id=history_id,
                when=when,
                who=users.get(version.history_user_id),
                kind=str(model._meta.verbose_name).capitalize(),
                record_id=version.id,
                record=_name(record, version),
                action=ACTIONS.get(version.history_type, version.history_type),
                fields=_changed(model, version, previous) if version.history_type == "~" else [],
                url=_url(record) if exists else "",
            )
        )
    return described


def _versions_before(model, versions):
    """{history id: the version of the same record just before it} for `versions`."""
    versions = list(versions)
    if not versions:
        return {}
    every = model.history.filter(id__in={v.id for v in versions}).order_by(
        "id", "history_date", "history_id"
    )
    before, last = {}, {}
    for version in every:
        before[version.history_id] = last.get(version.id)
        last[version.id] = version
    return {v.history_id: before.get(v.history_id) for v in versions}


def _changed(model, version, previous):
    """The names of the fields that differ from the version before."""
    if previous is None:
        return []
    tracked = [f for f in model._meta.concrete_fields if not f.primary_key]
    return [
        str(f.verbose_name)
        for f in tracked
        if getattr(version, f.attname, None) != getattr(previous, f.attname, None)
    ]


def _name(record, version):
    return _first_of(lambda: str(record), default=f"#{version.id}")


def _url(record):
    if not hasattr(record, "get_absolute_url"):
        return ""
    return _first_of(record.get_absolute_url, default="")


def _rebuilt(version):
    """The record as the version saw it, with the related records loaded alongside the
    version, so that its name and page ask the database nothing more."""
    record = version.instance
    record._state.fields_cache.update(version._state.fields_cache)
    return record


def _first_of(*ways, default):
    """What the first way that works gives: a name or page may need a record gone since."""
    for way in ways:
        try:
            return way()
        except Exception as exc:  # noqa: BLE001 - any failure: the next way
            log.debug("audit trail: %s: %s", type(exc).__name__, exc)
    return default
