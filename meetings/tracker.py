"""Bulk update of an action tracker from a spreadsheet (CSV or .xlsx).

The download holds each open action with its version (the id of its latest
history entry, config/stale_edits.py); the upload reads the columns action id,
status, update, due and version. Every row is checked first; on any problem
nothing changes. A row for an action changed since the sheet was downloaded,
or with no version, is not applied, so it cannot undo that change: it is
listed, with who changed the action and when, and the other rows are applied.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list

from config.imports import ImportFailed, Problem
from config.spreadsheets import SpreadsheetError, read_rows
from config.stale_edits import changes_since, versions
from meetings.models import Action, ActionUpdate

COLUMNS = ["action id", "status", "update", "due", "version"]
DOWNLOAD_COLUMNS = [
    "action id",
    "description",
    "owner",
    "status",
    "update",
    "due",
    "version (leave as it is)",
]
MISSING_VERSION = "missing column: download the tracker again, with its version column"
NO_VERSION = (
    "the row has no version, so it could undo a change made since the sheet was "
    "downloaded: download the tracker again and copy your change into it"
)


@dataclass(frozen=True)
class NotApplied:
    """A row left out of an upload: its row number, its action and why."""

    row: int
    action: Action
    reason: str


@dataclass(frozen=True)
class Planned:
    """A row that changes its action, checked."""

    row: int
    action: Action
    version: int | None
    status: str
    due: datetime.date | None
    update: str


@dataclass
class Result:
    changed: int = 0
    not_applied: list = field(default_factory=list)


def download_rows(actions):
    """The rows of the tracker download, each carrying its action's version."""
    seen = versions(Action, [a.pk for a in actions])
    return [
        [
            a.pk,
            a.description,
            a.owner.name if a.owner else "",
            a.status,
            "",
            a.due.isoformat() if a.due else "",
            seen.get(a.pk, 0),
        ]
        for a in actions
    ]


def _column(title):
    """A header as the upload reads it: "Version (leave as it is)" is "version"."""
    return re.sub(r"\s*\(.*\)$", "", title).strip().lower()


def apply_tracker(group, upload, *, user):
    """Apply the rows of an uploaded tracker; a Result, or ImportFailed."""
    label = upload.name
    try:
        rows = read_rows(label, upload.read())
    except SpreadsheetError as refused:
        raise ImportFailed([Problem(label, 0, "", str(refused))]) from None
    if not rows or not any(rows[0]):
        raise ImportFailed([Problem(label, 0, "", "the file is empty: it needs a header row")])
    header = [_column(h) for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportFailed(
            [
                Problem(label, 1, c, MISSING_VERSION if c == "version" else "missing column")
                for c in missing
            ]
        )
    plan = _plan(group, label, rows, header)
    return _apply(plan, user)


def _plan(group, label, rows, header):
    """[Planned] for each row that changes its action; ImportFailed with
    every problem in the file."""
    problems = []
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
        version = None
        if value["version"]:
            try:
                version = int(value["version"])
            except ValueError:
                problems.append(
                    Problem(
                        label,
                        number,
                        "version",
                        f"'{value['version']}' is not a version: leave it as the download wrote it",
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
            plan.append(Planned(number, action, version, status, due, value["update"]))
    if problems:
        raise ImportFailed(problems)
    return plan


def _apply(plan, user):
    """Apply each planned row whose action is still at the version its sheet was
    downloaded with; the actions are locked while they are compared and saved."""
    result = Result()
    today = timezone.localdate()
    with transaction.atomic():
        pks = [row.action.pk for row in plan]
        list(Action.objects.select_for_update().filter(pk__in=pks).values_list("pk"))
        current = versions(Action, pks)
        for row in plan:
            action = row.action
            if row.version is None:
                result.not_applied.append(NotApplied(row.row, action, NO_VERSION))
                continue
            if row.version != current.get(action.pk, 0):
                reason = _changed_since(action, row.version)
                result.not_applied.append(NotApplied(row.row, action, reason))
                continue
            if row.update:
                ActionUpdate.objects.create(
                    action=action,
                    on=today,
                    text=row.update,
                    status=row.status,
                    by_user=user,
                    by_person=user.person,
                )
            status = row.status
            action.status, action.due = status, row.due
            action.completed_on = (
                (action.completed_on or today) if status == Action.Status.DONE else None
            )
            action.save(update_fields=["status", "due", "completed_on"])
            result.changed += 1
    return result


def _changed_since(action, version):
    """Why a row is not applied: who changed its action since the sheet's version, and when."""
    changes = changes_since(action, version)
    if not changes:
        return "its version is not this action's: download the tracker again and copy your change into it"
    said = []
    for change in changes:
        labels = [f["label"].lower() for f in change["fields"]]
        what = f"the {get_text_list(labels, 'and')}" if labels else "it"
        when = date_format(timezone.localtime(change["when"]), "j F Y \\a\\t H:i")
        said.append(f"{change['who']} changed {what} on {when}")
    return "changed by someone else since you downloaded the sheet: " + "; ".join(said)
