"""export_grants and import_grants: 360Giving open data and the Transparency Code list."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from config.tests.workbooks import long_workbook, workbook
from demo.funding import load_funding
from demo.register import load_register
from funding.giving360 import GRANT_COLUMNS, IMPORTED_COLUMNS, pounds_awarded
from funding.models import Grant
from funding.tests.factories import GrantFactory
from partnerships.models import Organisation
from partnerships.tests.factories import OrganisationFactory, PartnershipFactory

SCHEMA_DIR = Path(__file__).parent / "schema"
SWINDON = "Swindon Community Safety Partnership"
OPCC = "Swindon and Wiltshire Office of the Police and Crime Commissioner"
# May 2024, British Summer Time: 10:30 in London is 09:30 UTC.
LONDON = ZoneInfo("Europe/London")
CHANGED = datetime.datetime(2024, 5, 1, 10, 30, 15, 123456, tzinfo=LONDON)
CHANGED_TEXT = "2024-05-01T09:30:15Z"
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.I)
# An absolute URI (RFC 3986): a scheme, a colon, then no space or character a URI never holds.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def _is_date_time(value):
    """RFC 3339, as JSON Schema's date-time: a date, a time and an offset, each in range."""
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value.upper())
    except ValueError:
        return False
    return True


def _is_uri(value):
    return not isinstance(value, str) or bool(_URI.match(value))


# Each format the schemas use, checked here. jsonschema checks date-time only when an
# extra package is installed, and lets an unchecked format pass: then a date would
# match both sides of the schemas' oneOf (a date-time, or a YYYY-MM-DD pattern) and
# fail, and a malformed dateModified would pass.
FORMATS = {"date-time": _is_date_time, "uri": _is_uri}


def _schema(name):
    return json.loads((SCHEMA_DIR / name).read_text("utf-8"))


def _package_validator():
    """The 360Giving 1.4.3 package schema, with its grant schema found here instead
    of on the web, and every format it uses checked.

    The files declare draft 2020-12 by an address the draft does not list, so the
    draft is named here. The package schema refers to the grant schema by its 1.4.2
    address, and the grant schema's own references are to its 1.4.3 address ($id):
    both lead to the copy here. Any other address is unresolvable, never fetched.
    """
    package = _schema("360-giving-package-schema.json")
    grant = DRAFT202012.create_resource(_schema("360-giving-schema.json"))
    referred = package["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resources([(referred, grant), (grant.id(), grant)])
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return Draft202012Validator(package, registry=registry, format_checker=checker)


def _load_demo():
    load_register()
    load_funding()


def _export(path, *args):
    out = io.StringIO()
    call_command("export_grants", str(path), *args, stdout=out)
    return out.getvalue()


def _import(path, *args, partnership=SWINDON):
    out = io.StringIO()
    call_command("import_grants", str(path), "--partnership", partnership, *args, stdout=out)
    return out.getvalue()


def _exported_then_forgotten(path, make_grants):
    """Export what make_grants() builds, then roll it all back: an empty database again."""
    with transaction.atomic():
        make_grants()
        _export(path)
        transaction.set_rollback(True)
    assert Grant.objects.count() == 0 and Organisation.objects.count() == 0
    return path.read_bytes()


def _csv_file(path, rows, header=GRANT_COLUMNS):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows([[row.get(column, "") for column in header] for row in rows])
    return path


def _good_row(**changes):
    row = {
        "Identifier": "360G-northshire-001",
        "Title": "Street Pastors",
        "Description": "Volunteers on the streets on Friday and Saturday nights.",
        "Currency": "GBP",
        "Amount Awarded": "1234.56",
        "Award Date": "2024-04-01",
        "Planned Dates:Start Date": "2024-04-01",
        "Planned Dates:End Date": "2099-03-31",
        "Recipient Org:Identifier": "GB-CHC-0000001",
        "Recipient Org:Name": "Brand New Charity",
        "Funding Org:Identifier": "GB-LAE-NTH",
        "Funding Org:Name": "Northshire Council",
        "Grant Programme:Title": "Safer Streets",
        "Last Modified": "2024-04-02T14:00:00Z",
    }
    row.update(changes)
    return row


@pytest.mark.django_db
@override_settings(
    GRANT_ID_PREFIX="360G-swindon", OPEN_DATA_ENABLED=True, SITE_URL="https://csp.example.gov.uk/"
)
def test_it_exports_the_demo_grants_as_a_valid_360giving_package(tmp_path):
    _load_demo()
    Grant.objects.filter(identifier="360G-swindon-csp-2020-001").update(modified=CHANGED)

    said = _export(tmp_path / "grants.json")

    package = json.loads((tmp_path / "grants.json").read_text("utf-8"))
    assert [e.message for e in _package_validator().iter_errors(package)] == []
    assert said == f"Wrote 14 grants to {tmp_path / 'grants.json'}.\n"
    grants = {g["id"]: g for g in package["grants"]}
    assert len(grants) == 14
    junior = grants["360G-swindon-csp-2020-001"]
    assert junior == {
        "id": "360G-swindon-csp-2020-001",
        "title": "Junior Good Citizen",
        "description": junior["description"],
        "currency": "GBP",
        "amountAwarded": 3060,
        "awardDate": "2020-04-01",
        "plannedDates": [{"startDate": "2020-04-01", "endDate": "2021-03-31"}],
        "recipientOrganization": [
            {"id": "360G-swindon-org-wiltshire-police", "name": "Wiltshire Police"}
        ],
        # The area of the partnership whose work it funds; the register holds no ONS code.
        "beneficiaryLocation": [{"name": "Swindon", "countryCode": "GB"}],
        "fundingOrganization": [
            {
                "id": "360G-swindon-org-swindon-and-wiltshire-office-of-the-police-and-crime-commissioner",
                "name": OPCC,
            }
        ],
        "grantProgramme": [{"title": "OPCC Community Safety Fund 2020-21"}],
        "dateModified": CHANGED_TEXT,
        "dataSource": "https://csp.example.gov.uk/open-data/grants.json",
    }
    assert type(junior["amountAwarded"]) is int
    phoenix = grants["360G-swindon-csp-2020-012"]
    assert (phoenix["title"], phoenix["amountAwarded"]) == ("Phoenix", 100000)
    assert phoenix["recipientOrganization"][0]["id"] == "GB-LAE-WIL"
    titles = {g["title"] for g in package["grants"]}
    assert "Sexual Assault Community Support" not in titles
    assert package["license"].startswith("https://")
    assert package["publisher"]["name"]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["360G-swindon", "360G-example-borough"])
def test_it_makes_up_organisation_identifiers_from_the_councils_own_prefix(tmp_path, prefix):
    police = OrganisationFactory(name="Wiltshire Police")
    council = OrganisationFactory(name="Swindon Borough Council", identifier="GB-LAE-SWD")
    GrantFactory(identifier="360G-a", provider=police, funder=council)
    GrantFactory(identifier="360G-b", provider=council, funder=police)

    with override_settings(GRANT_ID_PREFIX=prefix):
        _export(tmp_path / "grants.json")
        _export(tmp_path / "transparency.csv", "--transparency")

    made_up = f"{prefix}-org-wiltshire-police"
    grants = {g["id"]: g for g in json.loads((tmp_path / "grants.json").read_text())["grants"]}
    assert grants["360G-a"]["recipientOrganization"][0]["id"] == made_up
    assert grants["360G-a"]["fundingOrganization"][0]["id"] == "GB-LAE-SWD"
    assert grants["360G-b"]["recipientOrganization"][0]["id"] == "GB-LAE-SWD"
    assert grants["360G-b"]["fundingOrganization"][0]["id"] == made_up
    rows = csv.DictReader(io.StringIO((tmp_path / "transparency.csv").read_text("utf-8-sig")))
    assert {r["Grant identifier"]: r["Organisation code"] for r in rows} == {
        "360G-a": "GB-LAE-SWD",
        "360G-b": made_up,
    }


@pytest.mark.django_db
@override_settings(OPEN_DATA_ENABLED=True, SITE_URL="https://csp.example.gov.uk")
def test_it_writes_where_the_grant_benefits_when_it_changed_and_where_it_is_published(tmp_path):
    northshire = PartnershipFactory(area="Northshire")
    grant = GrantFactory(identifier="360G-a", partnership=northshire)
    Grant.objects.filter(pk=grant.pk).update(modified=CHANGED)

    _export(tmp_path / "grants.json")
    _export(tmp_path / "grants.csv")

    package = json.loads((tmp_path / "grants.json").read_text("utf-8"))
    assert [e.message for e in _package_validator().iter_errors(package)] == []
    exported = package["grants"][0]
    assert exported["beneficiaryLocation"] == [{"name": "Northshire", "countryCode": "GB"}]
    assert exported["dateModified"] == CHANGED_TEXT
    assert exported["dataSource"] == "https://csp.example.gov.uk/open-data/grants.json"
    (row,) = csv.DictReader(io.StringIO((tmp_path / "grants.csv").read_text("utf-8-sig")))
    assert list(row)[10:] == [
        "Beneficiary Location:Name",
        "Beneficiary Location:Country Code",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Grant Programme:Title",
        "Last Modified",
        "Data Source",
    ]
    assert [row[column] for column in list(row)[10:12] + list(row)[-2:]] == [
        "Northshire",
        "GB",
        CHANGED_TEXT,
        "https://csp.example.gov.uk/open-data/grants.json",
    ]


@pytest.mark.django_db
@override_settings(OPEN_DATA_ENABLED=False)
def test_it_gives_no_data_source_while_open_data_is_off_and_no_location_without_an_area(
    tmp_path,
):
    GrantFactory(partnership=PartnershipFactory(area=""))

    _export(tmp_path / "grants.json")
    _export(tmp_path / "grants.csv")

    package = json.loads((tmp_path / "grants.json").read_text("utf-8"))
    assert [e.message for e in _package_validator().iter_errors(package)] == []
    assert "dataSource" not in package["grants"][0]
    assert "beneficiaryLocation" not in package["grants"][0]
    (row,) = csv.DictReader(io.StringIO((tmp_path / "grants.csv").read_text("utf-8-sig")))
    assert row["Data Source"] == row["Beneficiary Location:Name"] == ""


def _valid_package():
    return {
        "grants": [
            {
                "id": "360G-northshire-001",
                "title": "Street Pastors",
                "description": "Volunteers on the streets on Friday and Saturday nights.",
                "currency": "GBP",
                "amountAwarded": 1234.56,
                "awardDate": "2024-04-01",
                "recipientOrganization": [{"id": "GB-CHC-0000001", "name": "A charity"}],
                "fundingOrganization": [{"id": "GB-LAE-NTH", "name": "Northshire Council"}],
                "dateModified": CHANGED_TEXT,
                "dataSource": "https://csp.example.gov.uk/open-data/grants.json",
            }
        ],
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "publisher": {"name": "Northshire Council"},
    }


def _formats_in(schema):
    if isinstance(schema, dict):
        found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
        return found.union(*(_formats_in(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_formats_in(value) for value in schema))
    return set()


def test_the_schema_check_checks_every_format_the_schemas_use():
    used = _formats_in(_schema("360-giving-package-schema.json"))
    used |= _formats_in(_schema("360-giving-schema.json"))

    assert used == set(FORMATS)
    assert list(_package_validator().iter_errors(_valid_package())) == []


@pytest.mark.parametrize(
    "field, value, validator",
    [
        # Not a full date and time: no T, no time, no offset, out of range.
        ("dateModified", "2024-05-01 09:30:00Z", "format"),
        ("dateModified", "2024-05-01", "format"),
        ("dateModified", "2024-05-01T09:30:00", "format"),
        ("dateModified", "2024-13-01T09:30:00Z", "format"),
        ("dateModified", "2024-02-30T09:30:00Z", "format"),
        ("dataSource", "open-data/grants.json", "format"),
        ("dataSource", "https://csp.example.gov.uk/open data/grants.json", "format"),
        # A date, or a date-time: anything else matches neither side of the oneOf.
        ("awardDate", "2024-04-01T25:00:00Z", "oneOf"),
        # The grant schema is found and applied: a grant's title is text.
        ("title", 7, "type"),
    ],
)
def test_the_schema_check_refuses_a_malformed_value(field, value, validator):
    package = _valid_package()
    package["grants"][0][field] = value

    errors = list(_package_validator().iter_errors(package))

    assert [(e.validator, list(e.absolute_path)) for e in errors] == [
        (validator, ["grants", 0, field])
    ]


@pytest.mark.django_db
def test_it_writes_amounts_as_exact_pounds(tmp_path):
    GrantFactory(identifier="360G-a", amount=1234_56)
    GrantFactory(identifier="360G-b", amount=1234_50)
    GrantFactory(identifier="360G-c", amount=7_070_000_00)

    _export(tmp_path / "grants.json")
    _export(tmp_path / "grants.csv")

    text = (tmp_path / "grants.json").read_text("utf-8")
    assert '"amountAwarded": 1234.56,' in text
    assert '"amountAwarded": 1234.5,' in text
    assert '"amountAwarded": 7070000,' in text
    rows = list(csv.DictReader(io.StringIO((tmp_path / "grants.csv").read_text("utf-8-sig"))))
    assert [r["Amount Awarded"] for r in rows] == ["1234.56", "1234.50", "7070000"]
    assert pounds_awarded(1) == Decimal("0.01")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["grants.csv", "grants.json"])
@override_settings(GRANT_ID_PREFIX="360G-swindon", OPEN_DATA_ENABLED=True)
def test_it_imports_its_own_export_into_an_empty_database_unchanged(tmp_path, name):
    def make_grants():
        _load_demo()
        Grant.objects.filter(identifier="360G-swindon-csp-2020-001").update(modified=CHANGED)

    first = _exported_then_forgotten(tmp_path / name, make_grants)
    PartnershipFactory(name=SWINDON, area="Swindon")

    said = _import(tmp_path / name)
    again = tmp_path / f"again-{name}"
    _export(again)

    assert said.startswith(f"Imported 14 grant(s) for {SWINDON} and create ")
    assert Grant.objects.count() == 14
    assert again.read_bytes() == first
    junior = Grant.objects.get(identifier="360G-swindon-csp-2020-001")
    assert (junior.amount, junior.status) == (3060_00, Grant.Status.COMPLETED)
    assert junior.provider.kind == Organisation.Kind.OTHER
    assert junior.provider.identifier == "360G-swindon-org-wiltshire-police"
    assert junior.partnership.name == SWINDON
    # It keeps the time its data last changed, to the second the file gives.
    assert junior.modified == CHANGED.replace(microsecond=0)
    # A second import finds every grant already there and changes nothing.
    assert "Imported 0 grant(s)" in _import(tmp_path / name)
    assert Grant.objects.count() == 14
    assert Grant.objects.get(pk=junior.pk).modified == junior.modified


@pytest.mark.django_db
def test_it_imports_a_grant_that_has_not_ended_as_active(tmp_path, partnership):
    path = _csv_file(tmp_path / "grants.csv", [_good_row()])

    said = _import(path, partnership=partnership.name)

    assert said == (
        f"Imported 1 grant(s) for {partnership} and create 2 organisation(s); 0 already there.\n"
    )
    grant = Grant.objects.select_related("provider", "funder").get()
    assert grant.status == Grant.Status.ACTIVE
    assert grant.amount == 1234_56
    assert grant.returns_every == Grant.ReturnsEvery.NONE
    assert (grant.provider.name, grant.provider.identifier) == (
        "Brand New Charity",
        "GB-CHC-0000001",
    )
    assert grant.funder.name == "Northshire Council"
    assert grant.modified == datetime.datetime(2024, 4, 2, 14, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_it_stamps_a_grant_with_no_last_modified_with_the_time_of_the_import(tmp_path, partnership):
    path = _csv_file(tmp_path / "grants.csv", [_good_row(**{"Last Modified": ""})])
    before = timezone.now()

    _import(path, partnership=partnership.name)

    assert before <= Grant.objects.get().modified <= timezone.now()


@pytest.mark.django_db
def test_it_leaves_a_grant_already_there_as_it_is_whatever_the_file_says_of_its_last_change(
    tmp_path, partnership
):
    path = _csv_file(tmp_path / "grants.csv", [_good_row()])
    _import(path, partnership=partnership.name)
    grant = Grant.objects.get()
    later = _csv_file(tmp_path / "later.csv", [_good_row(**{"Last Modified": CHANGED_TEXT})])

    said = _import(later, partnership=partnership.name)

    assert said.startswith("Imported 0 grant(s)") and "1 already there" in said
    assert Grant.objects.get().modified == grant.modified
    assert grant.history.count() == 1


@pytest.mark.django_db
def test_it_reports_a_last_modified_that_is_not_a_date_and_time(tmp_path, partnership):
    path = _csv_file(
        tmp_path / "grants.csv",
        [
            _good_row(**{"Last Modified": "2024-05-01"}),
            _good_row(Identifier="360G-northshire-002", **{"Last Modified": "2024-13-01T09:30Z"}),
        ],
    )

    with pytest.raises(CommandError) as raised:
        _import(path, partnership=partnership.name)

    assert str(raised.value).splitlines()[1:] == [
        f"grants.csv, row {row}, column Last Modified: {text!r} is not a date and time: "
        "write it as YYYY-MM-DDTHH:MM:SSZ (in UTC), e.g. 2024-05-01T09:30:00Z"
        for row, text in ((2, "2024-05-01"), (3, "2024-13-01T09:30Z"))
    ]
    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_it_imports_the_columns_from_a_workbook(tmp_path, partnership):
    row = _good_row(**{"Amount Awarded": 1234.56, "Award Date": datetime.date(2024, 4, 1)})
    path = tmp_path / "grants.xlsx"
    path.write_bytes(workbook([IMPORTED_COLUMNS, [row[column] for column in IMPORTED_COLUMNS]]))

    said = _import(path, partnership=partnership.name)

    assert said.startswith("Imported 1 grant(s)")
    grant = Grant.objects.get()
    assert (grant.amount, grant.award_date) == (1234_56, datetime.date(2024, 4, 1))


@pytest.mark.django_db
def test_it_refuses_a_workbook_of_200000_rows_and_saves_nothing(tmp_path, partnership):
    path = tmp_path / "grants.xlsx"
    path.write_bytes(long_workbook())

    with pytest.raises(CommandError, match="the file has more than 20,000 rows"):
        _import(path, partnership=partnership.name)

    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_it_saves_nothing_on_a_dry_run(tmp_path, partnership):
    path = _csv_file(tmp_path / "grants.csv", [_good_row()])

    said = _import(path, "--dry-run", partnership=partnership.name)

    assert "Would import 1 grant(s)" in said and "Nothing was saved (dry run)." in said
    assert Grant.objects.count() == 0
    assert not Organisation.objects.filter(name="Brand New Charity").exists()


@pytest.mark.django_db
def test_it_reports_every_bad_row_and_saves_nothing(tmp_path, partnership):
    council = OrganisationFactory(name="Northshire Council", identifier="GB-LAE-NTH")
    pastors = OrganisationFactory(name="Northshire Street Pastors", identifier="GB-CHC-0000900")
    GrantFactory(
        identifier="360G-northshire-900",
        title="Already here",
        description=_good_row()["Description"],
        partnership=partnership,
        funder=council,
        provider=pastors,
        amount=1234_56,
        award_date=datetime.date(2024, 4, 1),
        planned_start=datetime.date(2024, 4, 1),
        planned_end=datetime.date(2099, 3, 31),
        grant_programme="Safer Streets",
    )
    grants, organisations = Grant.objects.count(), Organisation.objects.count()
    path = _csv_file(
        tmp_path / "grants.csv",
        [
            _good_row(),  # row 2: fine on its own
            _good_row(Identifier="360G-northshire-002", **{"Award Date": "31/04/2024"}),
            _good_row(Identifier="360G-northshire-003", **{"Amount Awarded": "12.345"}),
            _good_row(
                Identifier="360G-northshire-004",
                **{"Recipient Org:Identifier": "", "Recipient Org:Name": ""},
            ),
            _good_row(),  # row 6: the same identifier as row 2
            _good_row(
                Identifier="360G-northshire-900",
                Title="Something else",
                **{
                    "Recipient Org:Identifier": "GB-CHC-0000900",
                    "Recipient Org:Name": "Northshire Street Pastors",
                },
            ),
            _good_row(Identifier="360G-northshire-007", Currency="EUR"),
            _good_row(Identifier="360G-northshire-008", **{"Planned Dates:End Date": "2024-03-31"}),
            _good_row(Identifier="360G-northshire-009", **{"Funding Org:Identifier": "GB-X"}),
            _good_row(Identifier="", Title=""),
        ],
    )

    with pytest.raises(CommandError) as raised:
        _import(path, partnership=partnership.name)

    lines = str(raised.value).splitlines()
    assert lines[0] == "11 problem(s) found; nothing was saved."
    assert lines[1:] == [
        "grants.csv, row 3, column Award Date: '31/04/2024' is not a date: "
        "write it as YYYY-MM-DD, e.g. 2020-04-01",
        "grants.csv, row 4, column Amount Awarded: '12.345' is not an amount in pounds: "
        "use digits, with at most two decimal places",
        "grants.csv, row 5, column Recipient Org:Identifier: required",
        "grants.csv, row 5, column Recipient Org:Name: required",
        "grants.csv, row 6, column Identifier: 360G-northshire-001 is also in row 2",
        "grants.csv, row 7, column Identifier: 360G-northshire-900 is already in the register "
        "with a different Title",
        "grants.csv, row 8, column Currency: 'EUR': only GBP amounts are recorded here",
        "grants.csv, row 9, column Planned Dates:End Date: "
        "The planned end must be on or after the planned start.",
        "grants.csv, row 10, column Funding Org:Identifier: GB-X does not match the register, "
        "where Northshire Council is GB-LAE-NTH",
        "grants.csv, row 11, column Identifier: required",
        "grants.csv, row 11, column Title: required",
    ]
    assert Grant.objects.count() == grants
    assert Organisation.objects.count() == organisations
    assert not Organisation.objects.filter(name="Brand New Charity").exists()


@pytest.mark.django_db
def test_it_reports_missing_columns(tmp_path, partnership):
    header = [c for c in GRANT_COLUMNS if c not in ("Amount Awarded", "Award Date")]
    path = _csv_file(tmp_path / "grants.csv", [_good_row()], header=header)

    with pytest.raises(CommandError) as raised:
        _import(path, partnership=partnership.name)

    assert str(raised.value).splitlines()[1:] == [
        "grants.csv, row 1, column Amount Awarded: missing column",
        "grants.csv, row 1, column Award Date: missing column",
    ]
    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_it_reports_a_bad_grant_in_a_json_package(tmp_path, partnership):
    path = tmp_path / "grants.json"
    path.write_text(
        json.dumps(
            {
                "grants": [
                    {
                        "id": "360G-northshire-001",
                        "title": "Street Pastors",
                        "description": "Volunteers.",
                        "currency": "GBP",
                        "amountAwarded": "a lot",
                        "awardDate": "2024-04-01",
                        "recipientOrganization": [{"id": "GB-CHC-1", "name": "A"}, {"id": "B"}],
                        "fundingOrganization": [{"id": "GB-LAE-NTH", "name": "Northshire"}],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as raised:
        _import(path, partnership=partnership.name)

    assert str(raised.value).splitlines()[1:] == [
        "grants.json, grant 1, column Amount Awarded: 'a lot' is not a number",
        "grants.json, grant 1, column Recipient Org:Identifier: recipientOrganization has "
        "2 items: a grant here has one",
        "grants.json, grant 1, column Recipient Org:Name: recipientOrganization has "
        "2 items: a grant here has one",
    ]
    assert Grant.objects.count() == 0


@pytest.mark.django_db
def test_it_writes_the_transparency_code_columns(tmp_path):
    funder = OrganisationFactory(name="Northshire Council", identifier="GB-LAE-NTH")
    charity = OrganisationFactory(name="Northshire Youth Trust", identifier="GB-CHC-1234567")
    GrantFactory(
        identifier="360G-northshire-001",
        title="Detached youth work",
        description="Youth workers on the estates on weekday evenings.",
        funder=funder,
        provider=charity,
        amount=12_345_67,
        award_date=datetime.date(2024, 5, 1),
        planned_start=datetime.date(2024, 6, 1),
        planned_end=datetime.date(2025, 5, 31),
        grant_programme="Safer Streets",
    )
    GrantFactory(status=Grant.Status.PROPOSED, provider=None, award_date=None)

    said = _export(tmp_path / "transparency.csv", "--transparency")

    rows = list(csv.reader(io.StringIO((tmp_path / "transparency.csv").read_text("utf-8-sig"))))
    assert said == f"Wrote 1 grant to {tmp_path / 'transparency.csv'}.\n"
    assert rows == [
        [
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
        ],
        [
            "Northshire Council",
            "GB-LAE-NTH",
            "360G-northshire-001",
            "2024-05-01",
            "2024-06-01",
            "2025-05-31",
            "Safer Streets",
            "Northshire Youth Trust",
            "GB-CHC-1234567",
            "Youth workers on the estates on weekday evenings.",
            "12345.67",
        ],
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["grants.xlsx"], "should end in .json or .csv"),
        (["grants", "--transparency"], "should end in .json or .csv"),
        (["grants.json", "--transparency"], "The transparency list is CSV"),
    ],
)
def test_it_refuses_a_file_it_cannot_write(tmp_path, args, message):
    GrantFactory()

    with pytest.raises(CommandError, match=message):
        _export(tmp_path / args[0], *args[1:])

    assert not (tmp_path / args[0]).exists()


@pytest.mark.django_db
def test_it_refuses_to_import_a_file_that_is_not_csv_xlsx_or_json(tmp_path, partnership):
    path = tmp_path / "grants.ods"
    path.write_bytes(b"")

    with pytest.raises(CommandError, match=r"should end in \.csv, \.xlsx or \.json"):
        _import(path, partnership=partnership.name)


@pytest.mark.django_db
def test_it_quotes_a_formula_in_csv_and_unquotes_it_on_import(tmp_path):
    title = '=HYPERLINK("http://example.test","Click me")'

    def make_grants():
        GrantFactory(identifier="360G-northshire-001", title=title, description="@SUM(A1:A9)")

    first = _exported_then_forgotten(tmp_path / "grants.csv", make_grants)
    partnership = PartnershipFactory()
    _import(tmp_path / "grants.csv", partnership=partnership.name)
    _export(tmp_path / "again.csv")

    text = first.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://example.test"",""Click me"")"' in text
    assert ",'@SUM(A1:A9)," in text
    grant = Grant.objects.get()
    assert (grant.title, grant.description) == (title, "@SUM(A1:A9)")
    assert (tmp_path / "again.csv").read_bytes() == first


@pytest.mark.django_db
@pytest.mark.parametrize("grants", [1, 5])
def test_it_exports_in_one_query_however_many_grants(tmp_path, grants, django_assert_num_queries):
    GrantFactory.create_batch(grants)

    # The published grants with their recipients and funders.
    with django_assert_num_queries(1):
        _export(tmp_path / "grants.json")
