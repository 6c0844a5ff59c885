"""No lost updates: an edit form carries the version of the record its user saw,
and a save is refused when someone else changed the record since.

The version is the id of the record's latest history entry (0 before it has
one). `StaleEditForm` adds it to a form as a hidden field; `save_if_current`
locks the record's row, compares, and either saves or leaves the form with a
message and the other person's change, keeping what the user typed.

An edit that does not say which version it was made from (a page opened before
the record existed, or a post not sent from the page) is refused too: nothing
tells whose change it would undo. Its form then shows the record as it is now,
with what the user entered listed beside it.
"""

import datetime

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import get_text_list

FIELD = "seen_version"
LONGEST = 200


def version(record):
    """The id of the record's latest history entry, or 0."""
    latest = record.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def versions(model, pks):
    """The versions of many records of one model, in one query: {pk: version}."""
    rows = (
        model.history.filter(**{f"{model._meta.pk.attname}__in": pks})
        .values_list(model._meta.pk.attname)
        .annotate(latest=Max("history_id"))
    )
    return {pk: latest for pk, latest in rows}


class StaleEditForm:
    """A form mixin: a hidden field with the version of the record being edited.

    The record is the form's instance, or `version_of=` (the action an update is
    recorded against); `seen=` gives its version when the view already has it.
    A form for a record not yet saved has no such field.

    After a refused save `refused` is true, and either `other_changes` holds the
    changes made since the form's version, or (an edit that named no version)
    `unsaved` holds what the user entered that differs from the record now."""

    def __init__(self, *args, version_of=None, seen=None, **kwargs):
        super().__init__(*args, **kwargs)
        record = version_of if version_of is not None else getattr(self, "instance", None)
        self.version_of = record if record is not None and record.pk else None
        self.refused = False
        self.other_changes = []
        self.unsaved = []
        if self.version_of is not None:
            # Text, not a number: a mangled version must reach the refusal, not
            # stop at a field error on a field nobody can see.
            self.fields[FIELD] = forms.CharField(
                widget=forms.HiddenInput,
                required=False,
                initial=version(record) if seen is None else seen,
            )


class StaleEdit(Exception):
    pass


class Unversioned(StaleEdit):
    """An edit that did not say which version of the record it was made from."""


UNVERSIONED = (
    "This form did not say which version of the record it was edited from (the page may "
    "have been opened before the record was first saved), so nothing was saved: saving it "
    "could have undone someone else's change. The form now shows the record as it is, and "
    "what you entered that differs is listed above the form: make your change again, then "
    "save."
)


def check(form):
    """Lock the form's record and refuse (StaleEdit) when its version has moved on
    from the one the form was loaded with, or (Unversioned) when the form did not
    say which version that was. Call inside a transaction, before saving."""
    record = getattr(form, "version_of", None)
    if record is None:
        return
    model = type(record)
    model._base_manager.select_for_update().filter(pk=record.pk).values_list("pk").first()
    seen = _seen(form)
    current = version(record)
    if seen is None:
        form.seen_now = current
        raise Unversioned(UNVERSIONED)
    if seen == current:
        return
    form.other_changes = changes_since(record, seen)
    form.seen_before, form.seen_now = seen, current
    raise StaleEdit(message(form.other_changes))


def save_if_current(form, save):
    """Run `save()` in a transaction with the record locked, unless someone else
    changed the record meanwhile (or the form did not say which version it was
    edited from): then nothing is saved, the form carries the message and the
    other change, its version moves on so a second save goes through, and this
    returns False."""
    try:
        with transaction.atomic():
            check(form)
            save()
    except StaleEdit as refused:
        refuse(form, refused)
        return False
    return True


def refuse(form, refused):
    """Put the refusal on the form, after its transaction was rolled back. Fields
    the user left as they found them take the other person's values, so saving
    again cannot quietly undo that change; fields both changed keep the user's.
    With no version to tell which fields the user changed, every field the record
    holds takes its value now, and what the user entered is kept beside the form."""
    data = form.data.copy()
    data[form.add_prefix(FIELD)] = str(form.seen_now)
    if isinstance(refused, Unversioned):
        form.unsaved = _take_current(form, data)
    else:
        _take_untouched(form, data)
    form.data = data
    form.refused = True
    form.add_error(None, str(refused))


def _take_untouched(form, data):
    record = form.version_of
    model = type(record)
    seen = record.history.filter(history_id__lte=max(form.seen_before, 0))
    seen = seen.order_by("-history_id").first()
    now = model._base_manager.filter(pk=record.pk).first()
    if seen is None or now is None:
        return
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if name not in form.cleaned_data or not model_field.concrete or model_field.many_to_many:
            continue
        old, new = getattr(seen, model_field.attname), getattr(now, model_field.attname)
        mine = form.cleaned_data[name]
        if old == new or getattr(mine, "pk", mine) != old:
            continue  # nobody else changed it, or this user did too: theirs stays
        _put(form, data, name, field, new)


def _take_current(form, data):
    """Write the record's values now into the form's fields that the record holds,
    and return what the user entered there that differs: [{label, sent, now}].
    Other fields (the text of an update recorded against it) keep what was typed."""
    record = form.version_of
    model = type(record)
    now = model._base_manager.filter(pk=record.pk).first()
    differences = []
    for name, field in form.fields.items():
        if now is None or name not in form.cleaned_data or field.disabled:
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not model_field.concrete:
            continue
        sent, current = form.cleaned_data[name], _value_of(now, model_field)
        if _same(sent, current):
            continue
        if not isinstance(field, forms.FileField):  # a browser never sends a file back
            _write(form, data, name, field, current)
        differences.append(
            {
                "label": str(form[name].label),
                "sent": _shown(model_field, field, sent, longest=None),
                "now": _shown(model_field, field, current),
            }
        )
    return differences


def _value_of(record, model_field):
    if model_field.many_to_many:
        return list(getattr(record, model_field.name).all())
    return getattr(record, model_field.attname)


def _same(sent, current):
    if hasattr(sent, "content_type"):
        return False  # a new upload
    if _many(sent) or _many(current):
        return {_pk(v) for v in sent or []} == {_pk(v) for v in current or []}
    if sent in (None, "") and current in (None, ""):
        return True
    return _pk(sent) == _pk(current)


def _many(value):
    return isinstance(value, list | tuple | QuerySet)


def _pk(value):
    return getattr(value, "pk", value)


def _shown(model_field, field, value, longest=LONGEST):
    if isinstance(field, forms.FileField):
        return getattr(value, "name", "") or "empty"
    if _many(value):
        return ", ".join(str(v) for v in value) or "empty"
    return _show(model_field, _pk(value), longest=longest)


def _put(form, data, name, field, value):
    """Write a value into submitted form data as its widget would have sent it,
    unless it would not come back as the same value."""
    key = form.add_prefix(name)
    saved = {k: data.getlist(k) for k in list(data) if k == key or k.startswith(f"{key}_")}
    _write(form, data, name, field, value)
    try:
        back = field.clean(field.widget.value_from_datadict(data, form.files, key))
    except forms.ValidationError:
        back = object()
    if getattr(back, "pk", back) != value:
        for k in [k for k in data if k == key or k.startswith(f"{key}_")]:
            data.pop(k)
        for k, values in saved.items():
            data.setlist(k, values)


def _write(form, data, name, field, value):
    """Write a value into submitted form data as its widget would have sent it."""
    key = form.add_prefix(name)
    widget = field.widget
    shown = field.prepare_value(value)
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(shown)
        for suffix, part in zip(widget.widgets_names, parts, strict=False):
            data[f"{key}{suffix}"] = "" if part is None else str(part)
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif getattr(widget, "allow_multiple_selected", False):
        data.setlist(key, [str(part) for part in shown or []])
    else:
        data[key] = "" if shown is None else str(shown)


def _seen(form):
    raw = form.data.get(form.add_prefix(FIELD), "")
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def changes_since(record, seen):
    """The history entries after version `seen`: who, when, and each field's
    old and new value (a list of dicts, oldest first)."""
    entries = list(
        record.history.filter(history_id__gt=max(seen, 0))
        .select_related("history_user")
        .order_by("history_id")
    )
    if not entries:
        return []
    before = record.history.filter(history_id__lte=max(seen, 0)).order_by("-history_id").first()
    rows = []
    for entry in entries:
        fields = _fields(type(record), entry, before)
        before = entry
        rows.append(
            {
                "who": _who(entry.history_user),
                "when": entry.history_date,
                "fields": fields,
            }
        )
    return rows


def _who(user):
    return str(user) if user is not None else "Someone"


def _fields(model, entry, before):
    if before is None:
        return []
    order = {field.name: n for n, field in enumerate(model._meta.fields)}
    changes = sorted(entry.diff_against(before).changes, key=lambda c: order.get(c.field, 0))
    changed = []
    for change in changes:
        try:
            field = model._meta.get_field(change.field)
        except FieldDoesNotExist:  # a field of the history only
            continue
        changed.append(
            {
                "label": str(field.verbose_name).capitalize(),
                "old": _show(field, change.old),
                "new": _show(field, change.new),
            }
        )
    return changed


def _show(field, value, longest=LONGEST):
    """A value of a model field as a person reads it; `longest=None` keeps long
    text whole."""
    if value in (None, ""):
        return "empty"
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        value = related if related is not None else value
    elif hasattr(field, "show"):  # a field that says how it is read (money: pounds)
        value = field.show(value)
    elif field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, datetime.datetime):
        value = date_format(timezone.localtime(value), "j F Y H:i")
    elif isinstance(value, datetime.time):
        value = time_format(value, "H:i")
    elif isinstance(value, datetime.date):
        value = date_format(value, "j F Y")
    text = str(value)
    return text if longest is None or len(text) <= longest else text[: longest - 1] + "…"


def message(changes):
    """'Someone else changed this record while you were editing it: Jane Smith
    changed the status and due date at 14:32. …'"""
    said = []
    for change in changes:
        labels = [f["label"].lower() for f in change["fields"]]
        what = f"the {get_text_list(labels, 'and')}" if labels else "it"
        when = date_format(timezone.localtime(change["when"]), "H:i")
        said.append(f"{change['who']} changed {what} at {when}")
    if not said:
        said = ["it was changed"]
    return (
        "Someone else changed this record while you were editing it: "
        + "; ".join(said)
        + ". Your changes have not been saved. Their change is shown below and is now in "
        "the form, beside what you entered: check the form, then save again."
    )
