"""Export of the register as CSV files or an .xlsx workbook that imports back
unchanged (partnerships.register_files reads it in). The workbook's "codes"
sheet lists the codes each choice column takes."""

import csv
from pathlib import Path

from config.spreadsheets import safe_cell, workbook_bytes
from partnerships.models import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
)
from partnerships.register_files import CODES, CODES_SHEET, SHEETS


def _yes(value):
    return "yes" if value else "no"


def _date(value):
    return value.isoformat() if value else ""


def _group_name(group, target):
    """A group `group` points at, as the import reads it back: its name, or
    "Partnership / Group" when it is in another partnership or its name holds " / "."""
    if target is None:
        return ""
    if target.partnership_id == group.partnership_id and " / " not in target.name:
        return target.name
    return f"{target.partnership.name} / {target.name}"


def export_rows():
    """{sheet: rows} of the current register, in a stable order (without the headers,
    which are SHEETS[sheet])."""
    groups = Group.objects.current().select_related(
        "partnership", "parent__partnership", "reports_to__partnership"
    )
    tables = {
        "organisations": [
            [o.name, o.kind, _yes(o.statutory_responsible_authority), o.identifier]
            for o in Organisation.objects.current().order_by("name")
        ],
        "partnerships": [
            [
                p.name,
                p.kind,
                p.area,
                p.parent.name if p.parent else "",
                p.reports_to.name if p.reports_to else "",
                _yes(p.statutory),
            ]
            for p in Partnership.objects.select_related("parent", "reports_to").order_by("name")
        ],
        "partnership_members": [
            [m.partnership.name, m.organisation.name, m.role]
            for m in PartnershipMember.objects.select_related(
                "partnership", "organisation"
            ).order_by("partnership__name", "organisation__name")
        ],
        "groups": [
            [
                g.partnership.name,
                g.name,
                g.kind,
                _group_name(g, g.parent),
                _group_name(g, g.reports_to),
                g.purpose,
                _yes(g.statutory_function),
                g.meets,
                g.quorum or "",
                _date(g.tor_approved),
                _date(g.tor_review_due),
            ]
            for g in groups.order_by("partnership__name", "name")
        ],
        "people": [
            [
                p.name,
                p.email,
                p.organisation.name if p.organisation else "",
                p.job_title,
                p.seniority,
            ]
            for p in Person.objects.current()
            .exclude(email="")
            .select_related("organisation")
            .order_by("email")
        ],
        "memberships": [
            [
                f"{m.group.partnership.name} / {m.group.name}",
                m.person.email,
                m.role,
                _yes(m.voting),
                m.on_behalf_of.name if m.on_behalf_of else "",
                _date(m.start),
                _date(m.end),
            ]
            for m in Membership.objects.filter(group__archived_at__isnull=True)
            .exclude(person__email="")
            .select_related("group__partnership", "person", "on_behalf_of")
            .order_by("group__partnership__name", "group__name", "person__email", "start")
        ],
    }
    return tables


def _codes_rows():
    """The codes sheet: each choice column's codes, with what each means."""
    return [
        [sheet, column, code, str(label)]
        for (sheet, column), choices in CODES.items()
        for code, label in choices
    ]


def register_workbook(*, blank=False):
    """The register as an .xlsx workbook (bytes) that imports back unchanged, or
    (blank) the sheets with their headers only; either with the codes sheet."""
    tables = {sheet: [] for sheet in SHEETS} if blank else export_rows()
    sheets = {sheet: (SHEETS[sheet], rows) for sheet, rows in tables.items()}
    sheets[CODES_SHEET] = (["sheet", "column", "code", "meaning"], _codes_rows())
    return workbook_bytes(sheets)


def export_register(path):
    """Write the register to a folder of CSV files, or to an .xlsx workbook."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(register_workbook())
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet, rows in export_rows().items():
        target = path / f"{sheet}.csv"
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(SHEETS[sheet])
            writer.writerows([safe_cell(c) for c in row] for row in rows)
        written.append(target)
    return written
