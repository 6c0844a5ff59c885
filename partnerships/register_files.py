"""Import of the register from CSV files or an .xlsx workbook.

The six files (or sheets) and their columns are fixed in SHEETS. An import is
read whole, every row is validated, and only then is anything saved, in one
transaction: on any error nothing changes and the report says file, row,
column and what is wrong. Importing the same files again changes nothing.

A workbook downloaded from the register uploads back as it is: a row the same as
the register is unchanged, and a row an officer may not change (one of a
partnership they do not support) is skipped and listed, not an error. The
workbook's "codes" sheet lists the codes each choice column takes, and is not
imported.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from config.imports import ImportFailed, Problem
from config.spreadsheets import SpreadsheetError, read_csv, read_workbook
from partnerships.models import (
    Group,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Person,
    Seniority,
)

SHEETS = {
    "organisations": ["name", "kind", "statutory_responsible_authority", "identifier"],
    "partnerships": ["name", "kind", "area", "parent", "reports_to", "statutory"],
    "partnership_members": ["partnership", "organisation", "role"],
    "groups": [
        "partnership",
        "name",
        "kind",
        "parent",
        "reports_to",
        "purpose",
        "statutory_function",
        "meets",
        "quorum",
        "tor_approved",
        "tor_review_due",
    ],
    "people": ["name", "email", "organisation", "job_title", "seniority"],
    "memberships": ["group", "person_email", "role", "voting", "on_behalf_of", "start", "end"],
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
FLAG = [("yes", "Yes"), ("no", "No")]
# The codes each choice column takes: the workbook's "codes" sheet lists them.
CODES_SHEET = "codes"
CODES = {
    ("organisations", "kind"): Organisation.Kind.choices,
    ("organisations", "statutory_responsible_authority"): FLAG,
    ("partnerships", "kind"): Partnership.Kind.choices,
    ("partnerships", "statutory"): FLAG,
    ("partnership_members", "role"): PartnershipMember.Role.choices,
    ("groups", "kind"): Group.Kind.choices,
    ("groups", "statutory_function"): FLAG,
    ("groups", "meets"): Group.Meets.choices,
    ("people", "seniority"): Seniority.choices,
    ("memberships", "role"): Membership.Role.choices,
    ("memberships", "voting"): FLAG,
}
# How the preview names the record a row is about, from the row's own cells.
RECORD = {
    "organisations": "{name}",
    "partnerships": "{name}",
    "partnership_members": "{organisation} in {partnership}",
    "groups": "{partnership} / {name}",
    "people": "{email}",
    "memberships": "{person_email} in {group}",
}


@dataclass(frozen=True)
class Outcome:
    """What an import does with one row: the record it is about, the columns it
    changes (for a change), and why it is skipped (for a row skipped)."""

    sheet: str
    row: int
    record: str
    fields: tuple = ()
    reason: str = ""


@dataclass
class Summary:
    """What an import did, or would do: {sheet: [Outcome]} for each outcome."""

    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)

    def add(self, outcome, entry):
        getattr(self, outcome).setdefault(entry.sheet, []).append(entry)

    def rows(self):
        """(sheet, created, updated, unchanged, skipped): how many of each."""
        return [
            (sheet, *(len(getattr(self, o).get(sheet, [])) for o in OUTCOMES)) for sheet in SHEETS
        ]

    def listed(self):
        """(sheet, [Outcome of each row created or changed, in the sheet's order]),
        for each sheet with any."""
        listed = []
        for sheet in SHEETS:
            rows = self.created.get(sheet, []) + self.updated.get(sheet, [])
            if rows:
                listed.append((sheet, sorted(rows, key=lambda entry: entry.row)))
        return listed

    def all_skipped(self):
        return [entry for sheet in SHEETS for entry in self.skipped.get(sheet, [])]

    @property
    def changes(self):
        return sum(len(rows) for bucket in (self.created, self.updated) for rows in bucket.values())


OUTCOMES = ("created", "updated", "unchanged", "skipped")


# Reading ---------------------------------------------------------------------


def _read(name, read, data, problems):
    """The rows of a file, or None after noting why it cannot be read."""
    try:
        rows = read(data)
    except SpreadsheetError as refused:
        problems.append(Problem(name, 0, "", str(refused)))
        return None
    return rows


def read_folder(path):
    """{sheet: bytes} from a folder of CSV files (missing files are no rows)."""
    path = Path(path)
    return {
        sheet: (path / f"{sheet}.csv").read_bytes()
        for sheet in SHEETS
        if (path / f"{sheet}.csv").exists()
    }


def parse(sources, problems):
    """{sheet: [row dicts with their spreadsheet row numbers]} from {sheet: CSV bytes},
    or a workbook (its bytes, or a file open on it)."""
    if isinstance(sources, dict):
        tables = {}
        for sheet, data in sources.items():
            label = f"{sheet}.csv"
            rows = _read(label, read_csv, data, problems)
            if rows is not None and not any(any(row) for row in rows):
                problems.append(Problem(label, 0, "", "the file is empty: it needs a header row"))
                rows = None
            tables[label] = (sheet, rows)
    else:
        tables = _tables_from_workbook(sources, problems)
    parsed = {sheet: [] for sheet in SHEETS}
    for label, (sheet, table) in tables.items():
        if table is None:
            continue
        header, body = table[0], table[1:]
        expected = SHEETS[sheet]
        header = [h.lstrip("\ufeff").strip() for h in header]
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c and c not in expected]
        for column in missing:
            problems.append(Problem(label, 1, column, "missing column"))
        for column in extra:
            problems.append(
                Problem(label, 1, column, f"unknown column (expected: {', '.join(expected)})")
            )
        if missing or extra:
            continue
        for number, cells in enumerate(body, start=2):
            if not any(cells):
                continue
            cells = cells + [""] * (len(header) - len(cells))
            row = dict(zip(header, cells, strict=False))
            row["_row"], row["_file"] = number, label
            parsed[sheet].append(row)
    return parsed


def _tables_from_workbook(source, problems):
    data = source.read() if hasattr(source, "read") else source
    book = _read("workbook", read_workbook, data, problems)
    if book is None:
        return {}
    tables = {}
    for sheet in SHEETS:
        if sheet not in book:
            continue
        rows = book[sheet]
        if not rows or not any(rows[0]):
            problems.append(Problem(sheet, 0, "", "the sheet is empty: it needs a header row"))
            rows = None
        tables[sheet] = (sheet, rows)
    for name in book:
        if name not in SHEETS and name != CODES_SHEET:
            problems.append(Problem(name, 0, "", f"unknown sheet (expected: {', '.join(SHEETS)})"))
    return tables


# Validation and saving -------------------------------------------------------


class _Importer:
    def __init__(self, parsed, problems, user=None):
        self.parsed, self.problems, self.user = parsed, problems, user
        self.summary = Summary()
        self.orgs = {o.name.lower(): o for o in Organisation.objects.all()}
        self.partnerships = {p.name.lower(): p for p in Partnership.objects.all()}
        self.groups = {
            (g.partnership.name.lower(), g.name.lower()): g
            for g in Group.objects.select_related("partnership")
        }
        self.people = {p.email.lower(): p for p in Person.objects.exclude(email="")}
        self.new_partnerships = set()
        self.supported = {}
        self.outcomes = {}

    # helpers
    def err(self, row, column, message):
        self.problems.append(Problem(row["_file"], row["_row"], column, message))

    def choice(self, row, column, choices, required=True):
        value = row[column].strip()
        if not value and not required:
            return ""
        if value not in dict(choices):
            allowed = ", ".join(k for k, _ in choices)
            self.err(
                row,
                column,
                f"'{value}' is not one of: {allowed}" if value else f"required: one of {allowed}",
            )
            return None
        return value

    def flag(self, row, column):
        value = row[column].strip().lower()
        if value in YES:
            return True
        if value in NO:
            return False
        self.err(row, column, f"'{row[column]}' is not yes or no")
        return None

    def date(self, row, column):
        value = row[column].strip()
        if not value:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.err(row, column, f"'{value}' is not a date written YYYY-MM-DD")
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.err(row, column, f"'{value}' is not a real date")
            return None

    def required(self, row, column):
        value = row[column].strip()
        if not value:
            self.err(row, column, "required")
        return value

    def org(self, row, column, required=False):
        name = row[column].strip()
        if not name:
            if required:
                self.err(row, column, "required")
            return None
        found = self.orgs.get(name.lower())
        if found is None:
            self.err(
                row,
                column,
                f"unknown organisation '{name}' (not in organisations.csv nor the register)",
            )
        return found

    def partnership(self, row, column, required=True):
        name = row[column].strip()
        if not name:
            if required:
                self.err(row, column, "required")
            return None
        found = self.partnerships.get(name.lower())
        if found is None:
            self.err(row, column, f"unknown partnership '{name}'")
        return found

    def group(self, row, column, within=None):
        ref = row[column].strip()
        if not ref:
            return None
        # "Partnership / Group"; either name may itself contain " / ".
        parts = ref.split(" / ")
        qualified = [
            self.groups.get(
                (" / ".join(parts[:i]).strip().lower(), " / ".join(parts[i:]).strip().lower())
            )
            for i in range(1, len(parts))
        ]
        qualified = [g for g in qualified if g is not None]
        if qualified:
            found = qualified[0]
        elif within is not None:
            found = self.groups.get((within.name.lower(), ref.lower()))
        else:
            matches = [grp for (_, name), grp in self.groups.items() if name == ref.lower()]
            if len(matches) > 1:
                self.err(
                    row,
                    column,
                    f"'{ref}' names groups in several partnerships: write 'Partnership / {ref}'",
                )
                return None
            found = matches[0] if matches else None
        if found is None:
            self.err(row, column, f"unknown group '{ref}'")
        return found

    def may_change(self, partnership):
        """Whether the user may change the records of a partnership (one the file
        creates, or any at all when the import is not a user's)."""
        if self.user is None or partnership is None:
            return True
        if partnership.pk is None or partnership.name.lower() in self.new_partnerships:
            return True
        if partnership.pk not in self.supported:
            self.supported[partnership.pk] = self.user.has_perm(
                "partnerships.change_partnership", partnership
            )
        return self.supported[partnership.pk]

    def skipped(self, obj):
        return id(obj) in self.outcomes and self.outcomes[id(obj)][2] == "skipped"

    def skip(self, row, partnership, obj=None):
        """Note a row the user may not apply: it is listed, not an error."""
        reason = f"you do not support {partnership.name}, so you cannot change it"
        self._note(obj if obj is not None else row, "skipped", row, reason=reason)

    def loops(self, obj, attr, known):
        """Whether following `attr` from obj comes back round, as the file would
        leave the register. `known` maps names to the objects the file touches."""
        by_pk = {o.pk: o for o in known.values() if o.pk}
        seen, node = set(), obj
        while node is not None:
            key = node.pk or id(node)
            if key in seen:
                return True
            seen.add(key)
            if attr in node._state.fields_cache:
                node = getattr(node, attr)
            else:
                target = getattr(node, f"{attr}_id")
                node = by_pk.get(target) if target else None
        return False

    def duplicate(self, seen, key, row, what):
        if key in seen:
            self.err(row, "", f"duplicate {what}: the same as row {seen[key]}")
            return True
        seen[key] = row["_row"]
        return False

    def put(self, obj, values, row, within=None):
        """Create or update obj with values and note what happened. A row the same
        as the register is unchanged; one that would change a record of a
        partnership (`within`) the user does not support is skipped. Every change
        is checked as the forms check it (lengths, choices, the model's own rules);
        once any problem is found nothing more is saved: the import fails whole."""
        changed = [k for k, v in values.items() if obj.pk is None or getattr(obj, k) != v]
        if not changed:
            self._note(obj, "unchanged", row)
            return obj
        if not self.may_change(within):
            self.skip(row, within, obj)
            return obj
        for k in changed:
            setattr(obj, k, values[k])
        if not self._valid(obj, row):
            return obj
        if self.problems:
            return obj
        if obj.pk is None:
            obj.save()
            self._note(obj, "created", row)
        else:
            obj.save(update_fields=changed)
            self._note(obj, "updated", row, changed)
        return obj

    def _valid(self, obj, row):
        # Links are checked by the importer itself, and may point at rows not saved yet.
        links = [f.name for f in obj._meta.concrete_fields if f.is_relation]
        try:
            obj.full_clean(exclude=links, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            columns = SHEETS[self.sheet]
            for name, messages in exc.message_dict.items():
                column = name if name in columns else ""
                for message in messages:
                    problem = Problem(row["_file"], row["_row"], column, message.rstrip("."))
                    if problem not in self.problems:  # a row is put twice: values, then links
                        self.problems.append(problem)
            return False
        return True

    # A row may be put twice (its values, then its links): what it comes to.
    RANK = {"unchanged": 0, "updated": 1, "created": 2, "skipped": 3}

    def _note(self, obj, outcome, row, fields=(), reason=""):
        # Keyed by id(), so each entry holds its object: an id is only unique while it lives.
        _obj, _row, was, had, why = self.outcomes.get(id(obj), (obj, row, "unchanged", (), ""))
        if self.RANK[was] > self.RANK[outcome]:
            outcome, reason = was, why
        self.outcomes[id(obj)] = (obj, row, outcome, (*had, *fields), reason)

    def tally(self, sheet):
        for _obj, row, outcome, fields, reason in self.outcomes.values():
            record = RECORD[sheet].format(**row)
            if sheet == "memberships" and row["start"].strip():
                record += f" from {row['start'].strip()}"
            fields = tuple(dict.fromkeys(fields)) if outcome == "updated" else ()
            self.summary.add(outcome, Outcome(sheet, row["_row"], record, fields, reason))
        self.outcomes = {}

    # the sheets, in dependency order
    def run(self):
        for sheet in SHEETS:
            self.sheet = sheet
            getattr(self, f"_{sheet}")(self.parsed[sheet])
            self.tally(sheet)
        return self.summary

    def _organisations(self, rows):
        seen = {}
        for row in rows:
            name = self.required(row, "name")
            kind = self.choice(row, "kind", Organisation.Kind.choices)
            sra = self.flag(row, "statutory_responsible_authority")
            if not name or self.duplicate(seen, name.lower(), row, f"organisation '{name}'"):
                continue
            if sra and kind and kind not in Organisation.STATUTORY_KINDS:
                self.err(
                    row,
                    "statutory_responsible_authority",
                    f"a {kind} body cannot be a statutory responsible authority",
                )
            obj = self.orgs.get(name.lower()) or Organisation(name=name)
            self.orgs[name.lower()] = obj
            if kind is None or sra is None:
                continue
            self.orgs[name.lower()] = self.put(
                obj,
                {
                    "kind": kind,
                    "statutory_responsible_authority": sra,
                    "identifier": row["identifier"],
                },
                row,
            )

    def _partnerships(self, rows):
        seen, links = {}, []
        for row in rows:
            name = self.required(row, "name")
            kind = self.choice(row, "kind", Partnership.Kind.choices)
            statutory = self.flag(row, "statutory")
            if not name or self.duplicate(seen, name.lower(), row, f"partnership '{name}'"):
                continue
            obj = self.partnerships.get(name.lower()) or Partnership(name=name)
            if obj.pk is None:
                self.new_partnerships.add(name.lower())
            self.partnerships[name.lower()] = obj
            if kind is not None and statutory is not None:
                values = {"kind": kind, "area": row["area"], "statutory": statutory}
                self.put(obj, values, row, within=obj)
            links.append((row, obj, kind, statutory))
        # Second pass: links may point at rows further down the file.
        for row, obj, kind, statutory in links:
            parent = self.partnership(row, "parent", required=False)
            reports_to = self.partnership(row, "reports_to", required=False)
            for column, target in (("parent", parent), ("reports_to", reports_to)):
                if target is obj:
                    self.err(row, column, "a partnership cannot point at itself")
            if kind is None or statutory is None:
                continue
            self.put(obj, {"parent": parent, "reports_to": reports_to}, row, within=obj)
        for row, obj, _kind, _statutory in links:
            for column in ("parent", "reports_to"):
                if getattr(obj, column) is not obj and self.loops(obj, column, self.partnerships):
                    self.err(
                        row, column, "this would make a loop: that partnership sits below this one"
                    )

    def _partnership_members(self, rows):
        seen = {}
        existing = {
            (m.partnership_id, m.organisation_id): m for m in PartnershipMember.objects.all()
        }
        for row in rows:
            partnership = self.partnership(row, "partnership")
            org = self.org(row, "organisation", required=True)
            role = self.choice(row, "role", PartnershipMember.Role.choices)
            if partnership is None or org is None:
                continue
            if self.duplicate(seen, (partnership.name.lower(), org.name.lower()), row, "member"):
                continue
            if (
                role == PartnershipMember.Role.RESPONSIBLE_AUTHORITY
                and not org.statutory_responsible_authority
            ):
                self.err(row, "role", f"{org.name} is not a statutory responsible authority")
            if role is None:
                continue
            found = existing.get((partnership.pk, org.pk)) if partnership.pk and org.pk else None
            obj = found or PartnershipMember(partnership=partnership, organisation=org)
            self.put(obj, {"role": role}, row, within=partnership)

    def _groups(self, rows):
        seen, links = {}, []
        for row in rows:
            partnership = self.partnership(row, "partnership")
            name = self.required(row, "name")
            if partnership is None or not name:
                continue
            key = (partnership.name.lower(), name.lower())
            if self.duplicate(seen, key, row, f"group '{name}' in {partnership.name}"):
                continue
            if key not in self.groups and not self.may_change(partnership):
                # Not added, so not known to the rest of the file either.
                self.skip(row, partnership)
                continue
            obj = self.groups.get(key) or Group(partnership=partnership, name=name)
            self.groups[key] = obj
            links.append((row, obj, partnership))
        # Second pass: links may point at rows further down the file.
        for row, obj, partnership in links:
            kind = self.choice(row, "kind", Group.Kind.choices)
            meets = self.choice(row, "meets", Group.Meets.choices)
            statutory = self.flag(row, "statutory_function")
            parent = self.group(row, "parent", within=partnership)
            reports_to = self.group(row, "reports_to", within=partnership)
            for column, target in (("parent", parent), ("reports_to", reports_to)):
                if target is obj:
                    self.err(row, column, "a group cannot point at itself")
            if (
                parent is not None
                and parent.partnership is not partnership
                and parent.partnership != partnership
            ):
                self.err(row, "parent", "the parent group must be in the same partnership")
            quorum = None
            if row["quorum"].strip():
                try:
                    quorum = int(row["quorum"])
                except ValueError:
                    self.err(row, "quorum", f"'{row['quorum']}' is not a whole number of 1 or more")
            approved, review = self.date(row, "tor_approved"), self.date(row, "tor_review_due")
            if None in (kind, meets, statutory):
                continue
            values = {
                "kind": kind,
                "meets": meets,
                "statutory_function": statutory,
                "purpose": row["purpose"],
                "quorum": quorum,
                "tor_approved": approved,
                "tor_review_due": review,
            }
            obj._links = {"parent": parent, "reports_to": reports_to}
            self.put(obj, values, row, within=partnership)
        for row, obj, partnership in links:
            if hasattr(obj, "_links"):
                self.put(obj, obj._links, row, within=partnership)
        for row, obj, _partnership in links:
            for column in ("parent", "reports_to"):
                if getattr(obj, column) is not obj and self.loops(obj, column, self.groups):
                    self.err(row, column, "this would make a loop: that group sits below this one")

    def _people(self, rows):
        seen = {}
        for row in rows:
            name = self.required(row, "name")
            email = self.required(row, "email").lower()
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self.err(row, "email", f"'{email}' is not an email address")
                    continue
            if not email or self.duplicate(seen, email, row, f"person with email {email}"):
                continue
            org = self.org(row, "organisation")
            seniority = self.choice(row, "seniority", Seniority.choices, required=False)
            obj = self.people.get(email) or Person(email=email)
            self.people[email] = obj
            if seniority is None or not name:
                continue
            self.put(
                obj,
                {
                    "name": name,
                    "organisation": org,
                    "job_title": row["job_title"],
                    "seniority": seniority,
                },
                row,
            )

    def _memberships(self, rows):
        seen, current, chairs, touched = {}, {}, {}, set()
        existing = {(m.group_id, m.person_id, m.start): m for m in Membership.objects.all()}
        for row in rows:
            group = self.group(row, "group")
            email = self.required(row, "person_email").lower()
            person = self.people.get(email) if email else None
            if email and person is None:
                self.err(
                    row,
                    "person_email",
                    f"unknown person '{email}' (not in people.csv nor the register)",
                )
            role = self.choice(row, "role", Membership.Role.choices)
            voting = self.flag(row, "voting")
            on_behalf_of = self.org(row, "on_behalf_of")
            start, end = self.date(row, "start"), self.date(row, "end")
            if group is None or person is None:
                continue
            if self.duplicate(seen, (id(group), email, start), row, "membership"):
                continue
            if end is None:
                key = (id(group), email)
                if key in current:
                    self.err(
                        row,
                        "",
                        Membership.seat_taken(
                            person.name or email, group.name, f" (row {current[key]})"
                        ),
                    )
                current[key] = row["_row"]
            if None in (role, voting):
                continue
            found = existing.get((group.pk, person.pk, start)) if group.pk and person.pk else None
            if found is None:
                for column, record in (("group", group), ("person_email", person)):
                    if record.archived_at:
                        self.err(
                            row, column, f"{record} is archived: restore it before adding members"
                        )
            if (
                on_behalf_of is not None
                and on_behalf_of.archived_at
                and (found is None or found.on_behalf_of_id != on_behalf_of.pk)
            ):
                self.err(row, "on_behalf_of", f"{on_behalf_of} is archived")
            obj = found or Membership(group=group, person=person, start=start)
            values = {"role": role, "voting": voting, "on_behalf_of": on_behalf_of, "end": end}
            self.put(obj, values, row, within=group.partnership)
            if self.skipped(obj):
                continue
            if role == Membership.Role.CHAIR and end is None:
                chairs.setdefault(id(group), (group, []))[1].append(row)
            touched.add(obj.pk)
        self._one_chair(chairs, touched)

    def _one_chair(self, chairs, touched):
        """A group has one current chair: the file's chairs, plus those the file leaves alone."""
        staying = (
            Membership.objects.chairs()
            .filter(group__in=[g for g, _ in chairs.values() if g.pk])
            .exclude(pk__in=touched)
            .select_related("person")
        )
        held = {}
        for m in staying:
            held.setdefault(m.group_id, m.person)
        for group, rows in chairs.values():
            holder = held.get(group.pk)
            for row in rows[1:] if holder is None else rows:
                first = holder or rows[0]["person_email"]
                self.err(row, "role", Membership.chair_taken(group.name, first))


def import_register(sources, *, dry_run=False, user=None):
    """Validate everything, then save all or nothing. Returns a Summary; raises ImportFailed."""
    problems = []
    parsed = parse(sources, problems)
    if problems:
        raise ImportFailed(problems)
    try:
        with transaction.atomic():
            importer = _Importer(parsed, problems, user)
            summary = importer.run()
            if problems:
                raise ImportFailed(problems)
            if user is not None and user.is_officer:
                new = [importer.partnerships[n] for n in importer.new_partnerships]
                user.partnerships.add(*new)
            if dry_run:
                transaction.set_rollback(True)
    except (IntegrityError, ValidationError) as exc:
        raise ImportFailed(
            [
                Problem(
                    "register",
                    0,
                    "",
                    f"the database refused the import, so nothing was saved ({exc})",
                )
            ]
        ) from exc
    return summary
