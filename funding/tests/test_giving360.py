"""export_grants and import_grants: 360Giving open data and the Transparency Code list."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource

from config.tests.workbooks import long_workbook, workbook
from demo.funding import load_funding
from demo.register import load_register
from funding.giving360 import GRANT_COLUMNS, pounds_awarded
from funding.models import Grant
from funding.tests.factories import GrantFactory
from partnerships.models import Organisation
from partnerships.tests.factories import OrganisationFactory, PartnershipFactory

SCHEMA_DIR = Path(__file__).parent / "schema"
SWINDON = "Swindon Community Safety Partnership"
OPCC = "Swindon and Wiltshire Office of the Police and Crime Commissioner"
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _package_validator():
    """The published package schema, its grant schema found here instead of on the web."""
    package = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text("utf-8"))
    grant = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text("utf-8"))
    grant_url = package["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resource(grant_url, Resource.from_contents(grant))
    # The schemas tell a date from a date-time with oneOf, so date-time must be checked.
    checker = FormatChecker(formats=())
    checker.checks("date-time")(lambda v: not isinstance(v, str) or bool(_RFC3339.match(v)))
    checker.checks("uri")(lambda v: not isinstance(v, str) or bool(re.match(r"^https?://", v)))
    return Draft4Validator(package, registry=registry, format_checker=checker)


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
    }
    row.update(changes)
    return row


@pytest.mark.django_db
def test_it_exports_the_demo_grants_as_a_valid_360giving_package(tmp_path):
    _load_demo()

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
            {"id": "360G-csp-org-wiltshire-police", "name": "Wiltshire Police"}
        ],
        "fundingOrganization": [
            {
                "id": "360G-csp-org-swindon-and-wiltshire-office-of-the-police-and-crime-commissioner",
                "name": OPCC,
            }
        ],
        "grantProgramme": [{"title": "OPCC Community Safety Fund 2020-21"}],
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
def test_it_imports_its_own_export_into_an_empty_database_unchanged(tmp_path, name):
    first = _exported_then_forgotten(tmp_path / name, _load_demo)
    PartnershipFactory(name=SWINDON)

    said = _import(tmp_path / name)
    again = tmp_path / f"again-{name}"
    _export(again)

    assert said.startswith(f"Imported 14 grant(s) for {SWINDON} and create ")
    assert Grant.objects.count() == 14
    assert again.read_bytes() == first
    junior = Grant.objects.get(identifier="360G-swindon-csp-2020-001")
    assert (junior.amount, junior.status) == (3060_00, Grant.Status.COMPLETED)
    assert junior.provider.kind == Organisation.Kind.OTHER
    assert junior.provider.identifier == "360G-csp-org-wiltshire-police"
    assert junior.partnership.name == SWINDON
    # A second import finds every grant already there and changes nothing.
    assert "Imported 0 grant(s)" in _import(tmp_path / name)
    assert Grant.objects.count() == 14


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


@pytest.mark.django_db
def test_it_imports_the_columns_from_a_workbook(tmp_path, partnership):
    row = _good_row(**{"Amount Awarded": 1234.56, "Award Date": datetime.date(2024, 4, 1)})
    path = tmp_path / "grants.xlsx"
    path.write_bytes(workbook([GRANT_COLUMNS, [row[column] for column in GRANT_COLUMNS]]))

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
