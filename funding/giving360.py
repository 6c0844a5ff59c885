"""Grants as open data: the 360Giving Data Standard, and the Local Government
Transparency Code's list of grants.

An export is a pure function of the grants it is given: the same grants always
give the same bytes, so a file can be compared with the last one published.
That is why the JSON package carries no issued or modified date: each grant
carries the time its own record last changed (dateModified), which only an edit
of that grant moves.

Each grant also says where its beneficiaries are (the area of the partnership
whose work it funds) and, while the open-data pages are on, the address the data
is published at (dataSource).

Amounts leave as pounds, exactly: an int when the amount is whole pounds
(3060), otherwise the amount to the penny (1234.56), made from the pence with
Decimal and never with float arithmetic.

An import reads the same columns back, from CSV or a workbook's first sheet (or
the same JSON package). Every row is checked before anything is saved; on any problem nothing is saved and each
problem is reported with its file, row and column. A grant imported keeps the
time the file says it last changed, so exporting it again gives the same grant.
"""

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from config.imports import ImportFailed, Problem
from config.spreadsheets import SpreadsheetError, read_rows, table_bytes
from funding.models import Grant, check_planned_dates
from funding.money import parse_amount, pence_to_decimal
from partnerships.models import Organisation

CURRENCY = "GBP"
# Where every partnership's area is: the United Kingdom, as ISO 3166-1 writes it.
COUNTRY = "GB"
# The Open Government Licence, the usual licence for UK public sector open data.
LICENSE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# The 360Giving flat (CSV) column titles, as in the standard's grants.csv template.
IDENTIFIER = "Identifier"
TITLE = "Title"
DESCRIPTION = "Description"
CURRENCY_COLUMN = "Currency"
AMOUNT = "Amount Awarded"
AWARD_DATE = "Award Date"
PLANNED_START = "Planned Dates:Start Date"
PLANNED_END = "Planned Dates:End Date"
RECIPIENT_ID = "Recipient Org:Identifier"
RECIPIENT_NAME = "Recipient Org:Name"
BENEFICIARY_NAME = "Beneficiary Location:Name"
BENEFICIARY_COUNTRY = "Beneficiary Location:Country Code"
FUNDER_ID = "Funding Org:Identifier"
FUNDER_NAME = "Funding Org:Name"
PROGRAMME = "Grant Programme:Title"
LAST_MODIFIED = "Last Modified"
DATA_SOURCE = "Data Source"
# In the order of the standard's schema, as its template has them.
GRANT_COLUMNS = [
    IDENTIFIER,
    TITLE,
    DESCRIPTION,
    CURRENCY_COLUMN,
    AMOUNT,
    AWARD_DATE,
    PLANNED_START,
    PLANNED_END,
    RECIPIENT_ID,
    RECIPIENT_NAME,
    BENEFICIARY_NAME,
    BENEFICIARY_COUNTRY,
    FUNDER_ID,
    FUNDER_NAME,
    PROGRAMME,
    LAST_MODIFIED,
    DATA_SOURCE,
]
# What an import reads back. Where the beneficiaries are is the area of the
# partnership the grants are imported for, and where the data is published is
# where this service publishes it: neither is taken from a file.
IMPORTED_COLUMNS = [
    c for c in GRANT_COLUMNS if c not in (BENEFICIARY_NAME, BENEFICIARY_COUNTRY, DATA_SOURCE)
]
OPTIONAL_COLUMNS = {PLANNED_START, PLANNED_END, PROGRAMME, LAST_MODIFIED}
REQUIRED_COLUMNS = [c for c in IMPORTED_COLUMNS if c not in OPTIONAL_COLUMNS]

# Where each column sits in a grant of the JSON package: (field, field of its first item).
JSON_FIELDS = {
    IDENTIFIER: ("id", None),
    TITLE: ("title", None),
    DESCRIPTION: ("description", None),
    CURRENCY_COLUMN: ("currency", None),
    AMOUNT: ("amountAwarded", None),
    AWARD_DATE: ("awardDate", None),
    PLANNED_START: ("plannedDates", "startDate"),
    PLANNED_END: ("plannedDates", "endDate"),
    RECIPIENT_ID: ("recipientOrganization", "id"),
    RECIPIENT_NAME: ("recipientOrganization", "name"),
    FUNDER_ID: ("fundingOrganization", "id"),
    FUNDER_NAME: ("fundingOrganization", "name"),
    PROGRAMME: ("grantProgramme", "title"),
    LAST_MODIFIED: ("dateModified", None),
}

# The Local Government Transparency Code 2015, Part 2 (information that must be
# published), grants to voluntary, community and social enterprise organisations:
# for each grant at least the date it was awarded, the period it was given for,
# the department that awarded it, the beneficiary and its registration number
# (where it has one), a summary of its purpose and the amount.
TRANSPARENCY_COLUMNS = [
    "Organisation name",
    "Organisation code",
    "Grant identifier",
    "Award date",
    "Period start",
    "Period end",
    "Department or programme",
    "Beneficiary name",
    "Beneficiary registration number",
    "Summary of purpose",
    "Amount",
]


# Export ----------------------------------------------------------------------


def org_id(organisation):
    """The organisation's identifier in 360Giving data.

    Its own identifier when the register has one (an org-id such as GB-LAE-SWD
    or GB-CHC-1070468). Otherwise one made up as `<the council's 360G
    prefix>-org-<slug of its name>`, e.g. 360G-swindon-org-wiltshire-police:
    the 360Giving schema sets no pattern for organisation identifiers, and the
    standard's guidance for an organisation with no registration number is the
    publisher's own 360G prefix followed by an internal identifier. Each
    council's prefix is its own (GRANT_ID_PREFIX), so no two councils make up
    the same identifier for different organisations. The made-up one stays the
    same while the name does, and an import keeps it as the organisation's
    identifier, so the organisation keeps it after a round trip, and keeps it
    too in another council's register that imports it.
    """
    if organisation.identifier:
        return organisation.identifier
    return f"{settings.GRANT_ID_PREFIX}-org-{slugify(organisation.name) or organisation.pk}"


def beneficiary_location(partnership):
    """Where the grant's beneficiaries are: the area of the partnership whose work
    it funds, in the United Kingdom; None when the register records no area.

    The register names an area but holds no geographic code for it (such as an
    ONS code for a local authority district), so a location has no geoCode.
    """
    if not partnership.area:
        return None
    return {"name": partnership.area, "countryCode": COUNTRY}


def date_modified(grant):
    """When the grant's record last changed, to the second in UTC: 360Giving asks
    for a full date and time, e.g. 2024-05-01T09:30:00Z."""
    return grant.modified.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def data_source():
    """The address the 360Giving data package is published at on this service's
    open-data pages; empty while they are off, when no such address leads anywhere."""
    if not (settings.OPEN_DATA_ENABLED and settings.SITE_URL):
        return ""
    return settings.SITE_URL.rstrip("/") + reverse("opendata:download", args=["grants", "json"])


def pounds_awarded(pence):
    """Pounds, exactly: 3060 (an int) for whole pounds, Decimal('1234.56') otherwise."""
    whole, part = divmod(int(pence), 100)
    return pence_to_decimal(pence) if part else whole


def grant_row(grant, *, source=""):
    """The grant's 360Giving CSV row, as {column title: value}; `source` is data_source()."""
    location = beneficiary_location(grant.partnership) or {}
    return {
        IDENTIFIER: grant.identifier,
        TITLE: grant.title,
        DESCRIPTION: grant.description,
        CURRENCY_COLUMN: CURRENCY,
        AMOUNT: pounds_awarded(grant.amount),
        AWARD_DATE: _iso(grant.award_date),
        PLANNED_START: _iso(grant.planned_start),
        PLANNED_END: _iso(grant.planned_end),
        RECIPIENT_ID: org_id(grant.provider),
        RECIPIENT_NAME: grant.provider.name,
        BENEFICIARY_NAME: location.get("name", ""),
        BENEFICIARY_COUNTRY: location.get("countryCode", ""),
        FUNDER_ID: org_id(grant.funder),
        FUNDER_NAME: grant.funder.name,
        PROGRAMME: grant.grant_programme,
        LAST_MODIFIED: date_modified(grant),
        DATA_SOURCE: source,
    }


def grant_object(grant, *, source=""):
    """The grant as a 360Giving JSON grant object; `source` is data_source()."""
    data = {
        "id": grant.identifier,
        "title": grant.title,
        "description": grant.description,
        "currency": CURRENCY,
        "amountAwarded": pounds_awarded(grant.amount),
        "awardDate": _iso(grant.award_date),
    }
    planned = {
        key: _iso(day)
        for key, day in (("startDate", grant.planned_start), ("endDate", grant.planned_end))
        if day
    }
    if planned:
        data["plannedDates"] = [planned]
    data["recipientOrganization"] = [{"id": org_id(grant.provider), "name": grant.provider.name}]
    location = beneficiary_location(grant.partnership)
    if location:
        data["beneficiaryLocation"] = [location]
    data["fundingOrganization"] = [{"id": org_id(grant.funder), "name": grant.funder.name}]
    if grant.grant_programme:
        data["grantProgramme"] = [{"title": grant.grant_programme}]
    data["dateModified"] = date_modified(grant)
    if source:
        data["dataSource"] = source
    return data


def grants_package(grants):
    """A 360Giving data package: the grants with who published them and the licence."""
    source = data_source()
    return {
        "grants": [grant_object(grant, source=source) for grant in grants],
        "license": LICENSE,
        "publisher": {"name": settings.COUNCIL_NAME},
    }


def grants_json(grants):
    """The data package as UTF-8 JSON bytes."""
    text = json.dumps(grants_package(grants), indent=2, ensure_ascii=False, default=_json_number)
    return (text + "\n").encode("utf-8")


def grants_csv(grants):
    """The grants as the 360Giving flat CSV; cells a spreadsheet would run are quoted."""
    source = data_source()
    rows = [grant_row(grant, source=source) for grant in grants]
    return table_bytes(GRANT_COLUMNS, [[row[c] for c in GRANT_COLUMNS] for row in rows], "csv")


def transparency_row(grant):
    """One grant as the Transparency Code lists it.

    The Code has each council list the grants it made, so the awarding body is
    the council. Here grants come from several funders, so each row names its
    funder and the funder's identifier. The service records a grant's programme
    rather than the funder's department, so that column holds the programme.
    The registration number is the recipient's own registered identifier, and
    stays empty when it has none.
    """
    return [
        grant.funder.name,
        org_id(grant.funder),
        grant.identifier,
        _iso(grant.award_date),
        _iso(grant.planned_start),
        _iso(grant.planned_end),
        grant.grant_programme,
        grant.provider.name,
        grant.provider.identifier,
        grant.description,
        pounds_awarded(grant.amount),
    ]


def transparency_csv(grants):
    return table_bytes(TRANSPARENCY_COLUMNS, [transparency_row(g) for g in grants], "csv")


def _iso(day):
    return day.isoformat() if day else ""


def _json_number(value):
    # Only amounts to the penny reach here. json writes the shortest text that
    # reads back as the same double, which for such an amount is its own digits.
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


# Import ----------------------------------------------------------------------


@dataclass
class Row:
    where: str  # "row 2" in a CSV file (the header is row 1), "grant 1" in a JSON package
    cells: dict


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    identifier: str


@dataclass
class Summary:
    created: int = 0
    unchanged: int = 0
    organisations: int = 0


def read_grants_file(name, data):
    """Rows of {column title: text} from the bytes of a .csv, .xlsx or .json file."""
    if name.lower().endswith(".json"):
        return rows_from_json(name, data)
    return rows_from_table(name, data)


def rows_from_table(name, data):
    """The rows of a CSV file, or of a workbook's first sheet."""
    try:
        table = read_rows(name, data)
    except SpreadsheetError as refused:
        raise ImportFailed([Problem(name, "", "", str(refused))]) from None
    if not table:
        raise ImportFailed([Problem(name, "", "", "the file is empty: it needs a header row")])
    known = {column.lower(): column for column in IMPORTED_COLUMNS}
    positions, problems = {}, []
    for index, title in enumerate(table[0]):
        column = known.get(title.strip().lower())
        if column in positions:
            problems.append(Problem(name, "row 1", column, "the column appears twice"))
        elif column:
            positions[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            problems.append(Problem(name, "row 1", column, "missing column"))
    if problems:
        raise ImportFailed(problems)
    rows = []
    for number, record in enumerate(table[1:], start=2):
        if not any(record):
            continue
        cells = {column: "" for column in IMPORTED_COLUMNS}
        for column, index in positions.items():
            if index < len(record):
                cells[column] = record[index]
        rows.append(Row(f"row {number}", cells))
    return rows


def rows_from_json(name, data):
    try:
        package = json.loads(data.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportFailed([Problem(name, "", "", f"the file is not JSON: {error}")]) from None
    grants = package.get("grants") if isinstance(package, dict) else None
    if not isinstance(grants, list):
        raise ImportFailed(
            [Problem(name, "", "", 'not a 360Giving data package: it needs a "grants" list')]
        )
    rows, problems = [], []
    for number, grant in enumerate(grants, start=1):
        where = f"grant {number}"
        if not isinstance(grant, dict):
            problems.append(Problem(name, where, "", "a grant must be a JSON object"))
            continue
        cells = {}
        for column, (field, inner) in JSON_FIELDS.items():
            value = grant.get(field)
            if inner is not None and value is not None:
                if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                    problems.append(Problem(name, where, column, f"{field} must be a list"))
                    value = None
                elif len(value) > 1:
                    problems.append(
                        Problem(
                            name,
                            where,
                            column,
                            f"{field} has {len(value)} items: a grant here has one",
                        )
                    )
                    value = None
                else:
                    value = value[0].get(inner) if value else None
            cells[column], message = _json_text(value, number_allowed=column == AMOUNT)
            if message:
                problems.append(Problem(name, where, column, message))
        rows.append(Row(where, cells))
    if problems:
        raise ImportFailed(problems)
    return rows


def _json_text(value, *, number_allowed):
    """(text, problem) for a JSON value that should be text, or a number for an amount."""
    if value is None:
        return "", ""
    if number_allowed:
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return format(Decimal(value), "f"), ""
        return "", f"{value!r} is not a number"
    if isinstance(value, str):
        return value.strip(), ""
    return "", f"{value!r} is not text"


def import_grants(name, rows, *, partnership, dry_run=False, today=None):
    """Check every row, then create the new grants and organisations in one transaction.

    A grant whose identifier is already in the register with the same data is
    left as it is; with different data it is a problem. Organisations are found
    by identifier, else by name (ignoring case), else created as kind "other"
    keeping the file's identifier. A new grant is completed when its planned
    end has passed, else active, and asks for no monitoring returns; it was last
    changed when the file says (its Last Modified), else now.
    """
    today = today or timezone.localdate()
    new, unchanged = _check_rows(name, rows)
    organisations = list(
        dict.fromkeys(
            org
            for fields in new
            for org in (fields["provider"], fields["funder"])
            if isinstance(org, NewOrganisation)
        )
    )
    summary = Summary(created=len(new), unchanged=unchanged, organisations=len(organisations))
    if dry_run:
        return summary
    try:
        with transaction.atomic():
            created = {
                org: Organisation.objects.create(
                    name=org.name, identifier=org.identifier, kind=Organisation.Kind.OTHER
                )
                for org in organisations
            }
            for fields in new:
                provider, funder = (
                    created.get(o, o) for o in (fields["provider"], fields["funder"])
                )
                ended = fields["planned_end"] is not None and fields["planned_end"] < today
                grant = Grant.objects.create(
                    **{
                        k: v
                        for k, v in fields.items()
                        if k not in ("provider", "funder", "modified")
                    },
                    provider=provider,
                    funder=funder,
                    partnership=partnership,
                    status=Grant.Status.COMPLETED if ended else Grant.Status.ACTIVE,
                    returns_every=Grant.ReturnsEvery.NONE,
                )
                if fields["modified"] is not None:
                    # The save stamped the grant with the time of the import: it
                    # keeps instead the time its data last changed where it came from.
                    Grant.objects.filter(pk=grant.pk).update(modified=fields["modified"])
    except IntegrityError as error:
        raise ImportFailed(
            [
                Problem(
                    name, "", "", f"the database refused the import, so nothing was saved: {error}"
                )
            ]
        ) from None
    return summary


def _check_rows(name, rows):
    """The fields of each new grant, and how many rows are grants already there
    with the same data; or ImportFailed listing every problem in every row."""
    problems = []
    orgs = _OrganisationFinder()
    existing = Grant.objects.select_related("provider", "funder").in_bulk(
        [row.cells[IDENTIFIER] for row in rows if row.cells[IDENTIFIER]], field_name="identifier"
    )
    first_seen = {}
    new, unchanged = [], 0
    for row in rows:

        def problem(column, message, row=row):
            problems.append(Problem(name, row.where, column, message))

        before = len(problems)
        fields = _check_fields(row.cells, problem)
        provider = orgs.find(
            row.cells[RECIPIENT_ID], row.cells[RECIPIENT_NAME], problem, "Recipient"
        )
        funder = orgs.find(row.cells[FUNDER_ID], row.cells[FUNDER_NAME], problem, "Funding")
        identifier = row.cells[IDENTIFIER]
        if identifier in first_seen:
            problem(IDENTIFIER, f"{identifier} is also in {first_seen[identifier]}")
        elif identifier:
            first_seen[identifier] = row.where
        if len(problems) > before:
            continue
        fields.update(provider=provider, funder=funder)
        grant = existing.get(identifier)
        if grant is not None:
            changed = _differences(grant, fields)
            if changed:
                problem(
                    IDENTIFIER,
                    f"{identifier} is already in the register with a different "
                    + ", ".join(changed),
                )
                continue
            unchanged += 1
        else:
            new.append(fields)
    if problems:
        raise ImportFailed(problems)
    return new, unchanged


def _check_fields(cells, problem):
    """The grant's own fields from its cells, or None after reporting what is wrong."""
    ok = True

    def text(column, max_length=None, required=True):
        nonlocal ok
        value = cells[column]
        if required and not value:
            problem(column, "required")
            ok = False
        elif max_length and len(value) > max_length:
            problem(column, f"too long: at most {max_length} characters")
            ok = False
        return value

    def parsed(column, parse, required):
        nonlocal ok
        value = cells[column]
        if not value:
            if required:
                problem(column, "required")
                ok = False
            return None
        try:
            return parse(value)
        except ValueError as error:
            problem(column, str(error))
            ok = False
            return None

    fields = {
        "identifier": text(IDENTIFIER, Grant._meta.get_field("identifier").max_length),
        "title": text(TITLE, Grant._meta.get_field("title").max_length),
        "description": text(DESCRIPTION),
        "grant_programme": text(
            PROGRAMME, Grant._meta.get_field("grant_programme").max_length, required=False
        ),
        "award_date": parsed(AWARD_DATE, parse_date, required=True),
        "planned_start": parsed(PLANNED_START, parse_date, required=False),
        "planned_end": parsed(PLANNED_END, parse_date, required=False),
        "modified": parsed(LAST_MODIFIED, parse_date_time, required=False),
    }
    currency = text(CURRENCY_COLUMN)
    if currency and currency != CURRENCY:
        problem(CURRENCY_COLUMN, f"{currency!r}: only {CURRENCY} amounts are recorded here")
        ok = False
    if not cells[AMOUNT]:
        problem(AMOUNT, "required")
        ok = False
    else:
        try:
            fields["amount"] = parse_amount(cells[AMOUNT])
        except ValueError as error:
            problem(AMOUNT, str(error))
            ok = False
    try:
        check_planned_dates(fields["planned_start"], fields["planned_end"])
    except ValidationError as error:
        for message in error.message_dict["planned_end"]:
            problem(PLANNED_END, message)
        ok = False
    return fields if ok else None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text):
    """A date from YYYY-MM-DD; ValueError with a message a person can act on otherwise."""
    if _ISO_DATE.match(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2020-04-01")


_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)


def parse_date_time(text):
    """A date and time with its offset from UTC, as 360Giving has a grant's Last
    Modified written (RFC 3339); ValueError with a message a person can act on otherwise."""
    if _DATE_TIME.match(text):
        try:
            return datetime.datetime.fromisoformat(text.upper())
        except ValueError:
            pass
    raise ValueError(
        f"{text!r} is not a date and time: write it as YYYY-MM-DDTHH:MM:SSZ (in UTC), "
        "e.g. 2024-05-01T09:30:00Z"
    )


def _differences(grant, fields):
    """The columns in which a grant in the register differs from the file's row."""
    pairs = [
        (TITLE, grant.title, fields["title"]),
        (DESCRIPTION, grant.description, fields["description"]),
        (AMOUNT, grant.amount, fields["amount"]),
        (AWARD_DATE, grant.award_date, fields["award_date"]),
        (PLANNED_START, grant.planned_start, fields["planned_start"]),
        (PLANNED_END, grant.planned_end, fields["planned_end"]),
        (RECIPIENT_NAME, grant.provider, fields["provider"]),
        (FUNDER_NAME, grant.funder, fields["funder"]),
        (PROGRAMME, grant.grant_programme, fields["grant_programme"]),
    ]
    return [column for column, ours, theirs in pairs if ours != theirs]


class _OrganisationFinder:
    """Finds each organisation a file names, in the register or among those the
    file will create, and reports a file that contradicts itself or the register."""

    def __init__(self):
        self.by_identifier = {}
        self.by_name = {}
        for org in Organisation.objects.all():
            self.by_name[org.name.lower()] = org
            if org.identifier:
                self.by_identifier.setdefault(org.identifier, []).append(org)
        self.new_by_name = {}
        self.new_by_identifier = {}

    def find(self, identifier, name, problem, role):
        id_column, name_column = (f"{role} Org:Identifier", f"{role} Org:Name")
        missing = False
        for column, value in ((id_column, identifier), (name_column, name)):
            if not value:
                problem(column, "required")
                missing = True
        if missing:
            return None
        limits = (
            (id_column, identifier, Organisation._meta.get_field("identifier").max_length),
            (name_column, name, Organisation._meta.get_field("name").max_length),
        )
        too_long = [(c, n) for c, value, n in limits if len(value) > n]
        for column, limit in too_long:
            problem(column, f"too long: at most {limit} characters")
        if too_long:
            return None
        matches = self.by_identifier.get(identifier, [])
        if len(matches) > 1:
            names = ", ".join(org.name for org in matches)
            problem(
                id_column,
                f"{identifier} is the identifier of more than one organisation "
                f"in the register ({names})",
            )
            return None
        if matches:
            return matches[0]
        org = self.by_name.get(name.lower())
        if org is not None:
            if org.identifier and org.identifier != identifier:
                problem(
                    id_column,
                    f"{identifier} does not match the register, where {org.name} is "
                    f"{org.identifier}",
                )
                return None
            return org
        new = self.new_by_name.get(name.lower())
        if new is not None:
            if new.identifier != identifier:
                problem(
                    id_column, f"{name} is {new.identifier} in an earlier row, not {identifier}"
                )
                return None
            return new
        new = self.new_by_identifier.get(identifier)
        if new is not None:
            problem(id_column, f"{identifier} is {new.name} in an earlier row, not {name}")
            return None
        new = NewOrganisation(name=name, identifier=identifier)
        self.new_by_name[name.lower()] = new
        self.new_by_identifier[identifier] = new
        return new
