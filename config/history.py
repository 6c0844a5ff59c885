"""A record's latest changes, read from its history (django-simple-history), as the
record pages list them: when, who, and what changed."""


def latest_changes(record, limit=20, *, links=(), labels=None, values=True):
    """The latest `limit` changes to `record`, newest first, in one query. Each field
    changed reads 'Purpose: old → new'; a link to another record (a field of `links`, or
    one ending in _id) or a file by its name alone ('Owner changed'). With `values`
    off, every field by its name alone: for records whose text is not to be repeated.
    `labels` names fields the model's verbose names do not (a many-to-many field)."""
    records = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    names = {f.name: str(f.verbose_name) for f in record._meta.fields} | (labels or {})
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if older is None:
            fields = ["created"] if newer.history_type == "+" else ["(earlier history not shown)"]
        else:
            fields = [
                describe_change(names, change, links=links, values=values)
                for change in newer.diff_against(older).changes
            ]
        changes.append({"when": newer.history_date, "who": newer.history_user, "fields": fields})
    return changes[:limit]


def describe_change(names, change, *, links=(), values=True):
    """One field's change, labelled by `names` (field name -> verbose name)."""
    label = str(names.get(change.field, change.field))
    label = label[:1].upper() + label[1:]
    if not values:
        return label
    if change.field in links or change.field.endswith("_id"):
        return f"{label} changed"
    return f"{label}: {_short(change.old)} → {_short(change.new)}"


def _short(value):
    text = "empty" if value in (None, "") else str(value)
    return text if len(text) <= 60 else text[:57] + "…"
