"""Bulk update of an action tracker from a spreadsheet (CSV or .xlsx).

Columns: action id, status, update, due. Every row is checked first; on any
problem nothing changes.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from meetings.models import Action, ActionUpdate
from partnerships.register_files import ImportFailed, Problem, _cell, _decode, _unquote

COLUMNS = ["action id", "status", "update", "due"]


class TrackerImportFailed(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} problem(s); nothing was saved.")
        self.errors = errors


def _rows(upload):
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(upload, read_only=True, data_only=True)
        except Exception:
            raise TrackerImportFailed(
                [Problem(upload.name, 0, "", "this is not an .xlsx workbook that can be read")]
            ) from None
        rows = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        return rows
    import csv
    import io

    try:
        text = _decode(upload.read(), upload.name, [])
    except ImportFailed as failed:
        raise TrackerImportFailed(failed.errors) from None
    return [[_unquote(c.strip()) for c in row] for row in csv.reader(io.StringIO(text))]


def apply_tracker(group, upload, *, user):
    problems = []
    rows = _rows(upload)
    label = upload.name
    if not rows or not any(rows[0]):
        raise TrackerImportFailed(
            [Problem(label, 0, "", "the file is empty: it needs a header row")]
        )
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise TrackerImportFailed([Problem(label, 1, c, "missing column") for c in missing])
    index = {c: header.index(c) for c in COLUMNS}
    actions = {a.pk: a for a in Action.objects.filter(group=group)}
    statuses = dict(Action.Status.choices)
    plan, seen = [], {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        value = {c: cells[i].strip() for c, i in index.items()}
        try:
            pk = int(value["action id"])
        except ValueError:
            problems.append(
                Problem(
                    label, number, "action id", f"'{value['action id']}' is not an action number"
                )
            )
            continue
        action = actions.get(pk)
        if action is None:
            problems.append(
                Problem(label, number, "action id", f"action {pk} is not on this group's tracker")
            )
            continue
        if pk in seen:
            problems.append(
                Problem(
                    label, number, "action id", f"action {pk} appears twice (also row {seen[pk]})"
                )
            )
            continue
        seen[pk] = number
        before = len(problems)
        status = value["status"] or action.status
        if status not in statuses:
            problems.append(
                Problem(label, number, "status", f"'{status}' is not one of: {', '.join(statuses)}")
            )
        due = action.due
        if value["due"]:
            try:
                due = datetime.date.fromisoformat(value["due"])
            except ValueError:
                problems.append(
                    Problem(
                        label, number, "due", f"'{value['due']}' is not a date written YYYY-MM-DD"
                    )
                )
        if len(problems) > before:
            continue
        if status != action.status and not value["update"]:
            problems.append(
                Problem(label, number, "update", "say what happened when the status changes")
            )
            continue
        if status != action.status or due != action.due or value["update"]:
            plan.append((action, status, due, value["update"]))
    if problems:
        raise TrackerImportFailed(problems)
    today = timezone.localdate()
    with transaction.atomic():
        for action, status, due, text in plan:
            if text:
                ActionUpdate.objects.create(
                    action=action,
                    on=today,
                    text=text,
                    status=status,
                    by_user=user,
                    by_person=user.person,
                )
            action.status, action.due = status, due
            action.completed_on = (
                (action.completed_on or today) if status == Action.Status.DONE else None
            )
            action.save(update_fields=["status", "due", "completed_on"])
    return len(plan)
