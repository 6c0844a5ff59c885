"""The register workbook an officer downloads uploads back: unchanged rows and rows
of partnerships they do not support are no error; the preview lists each row it
adds or changes; a blank template lists the codes of every choice column."""

import inspect
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.models import User
from config.spreadsheets import read_workbook
from partnerships.models import Group, Membership, Organisation, Partnership, Person
from partnerships.register_files import CODES, SHEETS, _Importer, import_register, read_folder
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)
from tests.routes import template_source_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(partnership, board):
    """Partnership A (the officer's) and B (not theirs), each with groups and members,
    and a group of A that reports to B's board."""
    elsewhere = PartnershipFactory(name="Southshire Community Safety Partnership")
    their_board = GroupFactory(partnership=elsewhere, name="Southshire Board", kind="board")
    GroupFactory(partnership=elsewhere, name="Southshire Panel", reports_to=their_board)
    GroupFactory(partnership=partnership, name="Northshire Panel", reports_to=board)
    GroupFactory(partnership=partnership, name="Joint Panel", reports_to=their_board)
    council = OrganisationFactory(name="Northshire Council", kind="local_authority")
    pat = PersonFactory(name="Pat Lead", email="pat@example.test", organisation=council)
    MembershipFactory(group=board, person=pat, role="chair", on_behalf_of=council)
    MembershipFactory(group=their_board, person=pat, role="member")
    return elsewhere


def _download(client, url="/register/export.xlsx"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def _edited(data, change):
    """The workbook after change(book) has edited it."""
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, data):
    upload = SimpleUploadedFile("register.xlsx", data)
    return client.post("/register/import/", {"files": [upload]})


def _history():
    return [m.history.count() for m in (Organisation, Partnership, Group, Person, Membership)]


def test_the_downloaded_workbook_uploads_back_unchanged(
    client, officer, register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    before = _history()
    data = _download(client)
    response = _upload(client, data)
    assert response.status_code == 200
    assert "problems" not in response.context
    summary = response.context["summary"]
    assert summary.changes == 0 and summary.all_skipped() == []
    rows = sum(len(read_workbook(data)[sheet]) - 1 for sheet in SHEETS)
    assert [unchanged for _sheet, _new, _changed, unchanged, _skipped in summary.rows()] == [
        1,
        2,
        0,
        5,
        1,
        2,
    ]
    assert rows == 11
    assert "there is nothing to save" in response.content.decode()
    assert _history() == before


def test_the_demo_register_downloaded_by_its_officer_uploads_back_unchanged(
    client, settings, tmp_path
):
    # The workbook of every partnership, uploaded by an officer who supports two.
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", quiet_accounts=True)
    client.force_login(User.objects.get(email="officer@demo.test"))
    response = _upload(client, _download(client))
    assert response.context.get("problems") is None
    assert response.context["summary"].changes == 0


def test_three_added_rows_are_listed_then_saved(client, officer, register, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)

    def add_three(book):
        book["organisations"].append(["Safe Homes Trust", "voluntary_sector", "no", "1234567"])
        book["groups"].append(
            [
                "Northshire Community Safety Partnership",
                "Hate Crime Panel",
                "operational_panel",
                "",
                "Northshire CSP Board",
                "Cases of hate crime",
                "no",
                "monthly",
                "",
                "",
                "",
            ]
        )
        book["memberships"].append(
            [
                "Northshire Community Safety Partnership / Hate Crime Panel",
                "pat@example.test",
                "member",
                "yes",
                "Safe Homes Trust",
                "2026-04-01",
                "",
            ]
        )

    response = _upload(client, _edited(_download(client), add_three))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert [(sheet, [(r.record, r.fields) for r in rows]) for sheet, rows in summary.listed()] == [
        ("organisations", [("Safe Homes Trust", ())]),
        ("groups", [("Northshire Community Safety Partnership / Hate Crime Panel", ())]),
        (
            "memberships",
            [
                (
                    "pat@example.test in Northshire Community Safety Partnership / "
                    "Hate Crime Panel from 2026-04-01",
                    (),
                )
            ],
        ),
    ]
    html = response.content.decode()
    assert "Save 3 changes" in html
    assert "groups: rows to add or change" in html
    assert not Organisation.objects.filter(name="Safe Homes Trust").exists()

    response = client.post("/register/import/", {"token": response.context["token"]})
    assert response.status_code == 302
    panel = Group.objects.get(name="Hate Crime Panel")
    assert panel.reports_to.name == "Northshire CSP Board"
    assert panel.memberships.get().on_behalf_of.name == "Safe Homes Trust"


def test_a_row_of_a_partnership_the_officer_does_not_support_is_skipped(
    client, officer, register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)

    def change_purposes(book):
        for row in book["groups"].iter_rows(min_row=2):
            row[5].value = f"New purpose of {row[1].value}"

    response = _upload(client, _edited(_download(client), change_purposes))
    assert "problems" not in response.context
    summary = response.context["summary"]
    changed = [(r.record, r.fields) for r in summary.updated["groups"]]
    assert sorted(changed) == [
        ("Northshire Community Safety Partnership / Joint Panel", ("purpose",)),
        ("Northshire Community Safety Partnership / Northshire CSP Board", ("purpose",)),
        ("Northshire Community Safety Partnership / Northshire Panel", ("purpose",)),
    ]
    skipped = [(r.sheet, r.record, r.reason) for r in summary.all_skipped()]
    reason = f"you do not support {register.name}, so you cannot change it"
    assert sorted(skipped) == [
        ("groups", f"{register.name} / Southshire Board", reason),
        ("groups", f"{register.name} / Southshire Panel", reason),
    ]
    html = response.content.decode()
    assert "Rows skipped: you may not change them" in html
    assert "Changes purpose" in html

    client.post("/register/import/", {"token": response.context["token"]})
    assert Group.objects.get(name="Northshire Panel").purpose == "New purpose of Northshire Panel"
    assert Group.objects.get(name="Southshire Panel").purpose == ""


def test_a_new_group_in_a_partnership_the_officer_does_not_support_is_skipped(
    client, officer, register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)

    def add_theirs(book):
        book["groups"].append(
            [register.name, "Sneaky Panel", "forum", "", "", "", "no", "ad_hoc", "", "", ""]
        )

    response = _upload(client, _edited(_download(client), add_theirs))
    summary = response.context["summary"]
    assert summary.changes == 0
    assert [r.record for r in summary.all_skipped()] == [f"{register.name} / Sneaky Panel"]
    assert not Group.objects.filter(name="Sneaky Panel").exists()


def test_the_preview_page_is_govuk_tables_with_no_template_source(
    client, officer, register, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)

    def change(book):
        book["organisations"].append(["Safe Homes Trust", "voluntary_sector", "no", ""])
        for row in book["groups"].iter_rows(min_row=2):
            row[5].value = "Changed"

    html = _upload(client, _edited(_download(client), change)).content.decode()
    assert template_source_in(html) == []
    assert html.count('<table class="govuk-table">') == 4  # counts, two sheets, skipped
    captions = re.findall(r'<caption class="govuk-table__caption[^"]*">([^<]*)</caption>', html)
    assert captions == [
        "Rows by sheet",
        "organisations: rows to add or change",
        "groups: rows to add or change",
        "Rows skipped: you may not change them",
    ]
    assert '<th scope="col" class="govuk-table__header">Record</th>' in html


def test_the_blank_template_uploads_with_no_error_and_lists_every_code(
    client, officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    data = _download(client, "/register/template.xlsx")
    sheets = read_workbook(data)
    assert list(sheets) == [*SHEETS, "codes"]
    assert all(sheets[sheet] == [SHEETS[sheet]] for sheet in SHEETS)
    header, *codes = sheets["codes"]
    assert header == ["sheet", "column", "code", "meaning"]
    expected = [
        [sheet, column, code, str(label)]
        for (sheet, column), choices in CODES.items()
        for code, label in choices
    ]
    assert codes == expected
    assert ["organisations", "kind", "police", "Police"] in codes
    assert ["memberships", "role", "vice_chair", "Vice-chair"] in codes
    assert ["groups", "meets", "ad_hoc", "As needed"] in codes

    response = _upload(client, data)
    assert "problems" not in response.context
    assert response.context["summary"].changes == 0


def test_every_choice_column_the_import_reads_has_its_codes():
    # The columns each sheet reads as a choice or a yes/no, from the importer itself.
    read = {
        (sheet, column)
        for sheet in SHEETS
        for column in re.findall(
            r'self\.(?:choice|flag)\(row, "(\w+)"',
            inspect.getsource(getattr(_Importer, f"_{sheet}")),
        )
    }
    assert len(read) == 11
    assert set(CODES) == read


def test_import_then_export_gives_back_reports_to_as_written(tmp_path):
    groups = (
        "partnership,name,kind,parent,reports_to,purpose,statutory_function,meets,quorum,"
        "tor_approved,tor_review_due\n"
        "County Board,Board,board,,,,no,quarterly,,,\n"
        "Northshire CSP,Board,board,,County Board / Board,,yes,quarterly,,,\n"
        "Northshire CSP,ASB Panel,operational_panel,Board,Board,,no,monthly,,,\n"
        "Northshire CSP,Hate Crime / Prejudice Panel,operational_panel,,Board,,no,monthly,,,\n"
        "Northshire CSP,Youth Panel,operational_panel,,"
        "Northshire CSP / Hate Crime / Prejudice Panel,,no,monthly,,,\n"
    )
    files = {
        "partnerships": "name,kind,area,parent,reports_to,statutory\n"
        "Northshire CSP,community_safety_partnership,Northshire,,County Board,yes\n"
        "County Board,county_strategic_group,The county,,,no\n",
        "groups": groups,
    }
    folder = tmp_path / "in"
    folder.mkdir()
    for sheet, text in files.items():
        (folder / f"{sheet}.csv").write_text(text)
    import_register(read_folder(folder))
    call_command("export_register", str(tmp_path / "out"), stdout=io.StringIO())
    exported = (tmp_path / "out" / "groups.csv").read_text()
    assert sorted(exported.splitlines()) == sorted(groups.splitlines())
