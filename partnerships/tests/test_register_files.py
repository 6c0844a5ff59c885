"""Import and export of the register: round trip, and precise reports on bad files."""

import filecmp
import shutil

import pytest
from django.core.management import CommandError, call_command

from config.imports import ImportFailed
from partnerships.models import Group, Membership, Organisation, Partnership, Person
from partnerships.register_files import SHEETS, import_register, read_folder

pytestmark = pytest.mark.django_db

GOOD = {
    "organisations": "name,kind,statutory_responsible_authority,identifier\n"
    "Northshire Council,local_authority,yes,GB-LAE-NTH\n"
    "Northshire Police,police,yes,\n"
    "Safe Homes Trust,voluntary_sector,no,1234567\n",
    "partnerships": "name,kind,area,parent,reports_to,statutory\n"
    "Northshire CSP,community_safety_partnership,Northshire,,County Board,yes\n"
    "County Board,county_strategic_group,The county,,,no\n",
    "partnership_members": "partnership,organisation,role\n"
    "Northshire CSP,Northshire Council,responsible_authority\n"
    "Northshire CSP,Safe Homes Trust,partner\n",
    "groups": "partnership,name,kind,parent,reports_to,purpose,statutory_function,meets,quorum,tor_approved,tor_review_due\n"
    "Northshire CSP,Board,board,,,Sets the priorities,yes,quarterly,4,2025-04-01,2026-04-01\n"
    "Northshire CSP,ASB Panel,operational_panel,,Board,Cases of anti-social behaviour,no,monthly,,,\n"
    "County Board,Board,board,,,\"=cmd|' /C calc'!A0\",no,biannual,,,\n",
    "people": "name,email,organisation,job_title,seniority\n"
    "Pat Lead,pat@example.test,Northshire Council,Head of Community Safety,senior_manager\n"
    "Sam Sergeant,sam@example.test,Northshire Police,Sergeant,practitioner\n",
    "memberships": "group,person_email,role,voting,on_behalf_of,start,end\n"
    "Northshire CSP / Board,pat@example.test,chair,yes,Northshire Council,2025-04-01,\n"
    "Northshire CSP / ASB Panel,sam@example.test,member,yes,Northshire Police,2025-04-01,\n"
    "ASB Panel,pat@example.test,associate,no,,2025-04-01,2025-12-31\n",
}


def _write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for sheet, text in files.items():
        (folder / f"{sheet}.csv").write_bytes(
            text.encode("utf-8") if isinstance(text, str) else text
        )
    return folder


def _counts():
    return [m.objects.count() for m in (Organisation, Partnership, Group, Person, Membership)]


def test_it_imports_a_folder_and_reimporting_changes_nothing(tmp_path):
    folder = _write(tmp_path / "in", GOOD)
    call_command("import_register", str(folder))
    assert _counts() == [3, 2, 3, 2, 3]
    panel = Group.objects.get(name="ASB Panel")
    assert (
        panel.reports_to.name == "Board" and panel.reports_to.partnership.name == "Northshire CSP"
    )
    assert Partnership.objects.get(name="Northshire CSP").reports_to.name == "County Board"
    history_before = Group.history.count()
    summary = import_register(read_folder(folder))
    assert summary.changes == 0
    assert Group.history.count() == history_before


def test_it_round_trips_import_export_import_export_identically(tmp_path):
    folder = _write(tmp_path / "in", GOOD)
    call_command("import_register", str(folder))
    call_command("export_register", str(tmp_path / "first"))
    # into an empty register
    Group.objects.update(parent=None, reports_to=None)
    for model in (Membership, Person, Group):
        model.objects.all().delete()
    from partnerships.models import PartnershipMember

    PartnershipMember.objects.all().delete()
    Partnership.objects.update(parent=None, reports_to=None)
    Partnership.objects.all().delete()
    Organisation.objects.all().delete()
    assert _counts() == [0, 0, 0, 0, 0]
    call_command("import_register", str(tmp_path / "first"))
    call_command("export_register", str(tmp_path / "second"))
    for sheet in SHEETS:
        assert filecmp.cmp(
            tmp_path / "first" / f"{sheet}.csv", tmp_path / "second" / f"{sheet}.csv", shallow=False
        ), sheet
    # the formula-like purpose was neutralised on the way out and restored on the way in
    assert ",'=cmd|' /C calc'!A0," in (tmp_path / "first" / "groups.csv").read_text()
    assert Group.objects.get(partnership__name="County Board").purpose == "=cmd|' /C calc'!A0"


def test_it_round_trips_the_demo_register(tmp_path, settings):
    settings.DEBUG = True
    call_command("load_demo", quiet_accounts=True)
    call_command("export_register", str(tmp_path / "first"))
    summary = import_register(read_folder(tmp_path / "first"))
    assert summary.changes == 0
    call_command("export_register", str(tmp_path / "book.xlsx"))
    summary = import_register((tmp_path / "book.xlsx").open("rb"))
    assert summary.changes == 0


def test_it_imports_windows_1252_and_a_utf8_bom(tmp_path):
    files = dict(GOOD)
    files["organisations"] = (
        "name,kind,statutory_responsible_authority,identifier\r\n"
        "Northshire Council,local_authority,yes,\r\n"
        "Northshire Police,police,yes,\r\n"
        "Safe Homes Trust,voluntary_sector,no,\r\n"
        "Caf\xe9 Outreach \x96 St Ann\x92s,voluntary_sector,no,\r\n"
    ).encode("latin-1")
    files["people"] = b"\xef\xbb\xbf" + GOOD["people"].encode("utf-8")
    call_command("import_register", str(_write(tmp_path / "in", files)))
    assert Organisation.objects.filter(name="Café Outreach – St Ann’s").exists()
    assert Person.objects.filter(email="pat@example.test").exists()


def _problems(tmp_path, **changes):
    files = {**GOOD, **changes}
    folder = _write(tmp_path / "bad", files)
    with pytest.raises(ImportFailed) as failed:
        import_register(read_folder(folder))
    assert _counts() == [0, 0, 0, 0, 0], "nothing may be saved"
    return [str(p) for p in failed.value.problems]


def test_it_reports_a_bad_date(tmp_path):
    groups = GOOD["groups"].replace("2025-04-01,2026-04-01", "2025-13-01,01/04/2026")
    assert _problems(tmp_path, groups=groups) == [
        "groups.csv, row 2, column tor_approved: '2025-13-01' is not a real date",
        "groups.csv, row 2, column tor_review_due: '01/04/2026' is not a date written YYYY-MM-DD",
    ]


def test_it_reports_an_unknown_kind(tmp_path):
    organisations = GOOD["organisations"].replace(
        "Safe Homes Trust,voluntary_sector", "Safe Homes Trust,charity"
    )
    [problem] = _problems(tmp_path, organisations=organisations)
    assert problem.startswith(
        "organisations.csv, row 4, column kind: 'charity' is not one of: local_authority,"
    )


def test_it_reports_an_unknown_organisation(tmp_path):
    people = (
        GOOD["people"]
        .replace("Sergeant,practitioner", "Sergeant,practitioner")
        .replace("sam@example.test,Northshire Police", "sam@example.test,Southshire Police")
    )
    assert _problems(tmp_path, people=people) == [
        "people.csv, row 3, column organisation: unknown organisation 'Southshire Police' (not in organisations.csv nor the register)"
    ]


def test_it_reports_a_duplicate_row(tmp_path):
    people = GOOD["people"] + "Pat Again,PAT@example.test,Northshire Council,,manager\n"
    assert _problems(tmp_path, people=people) == [
        "people.csv, row 4: duplicate person with email pat@example.test: the same as row 2"
    ]


def test_it_reports_an_empty_file(tmp_path):
    assert _problems(tmp_path, memberships="") == [
        "memberships.csv: the file is empty: it needs a header row"
    ]


def test_it_reports_a_missing_column(tmp_path):
    groups = (
        GOOD["groups"]
        .replace(",quorum,", ",")
        .replace(",4,2025", ",2025")
        .replace(",monthly,,,", ",monthly,,")
        .replace(",biannual,,,", ",biannual,,")
    )
    assert _problems(tmp_path, groups=groups) == [
        "groups.csv, row 1, column quorum: missing column"
    ]


def test_it_reports_an_unknown_group_and_person_with_exact_places(tmp_path):
    memberships = (
        GOOD["memberships"] + "Northshire CSP / Nowhere,nobody@example.test,member,yes,,,\n"
    )
    assert _problems(tmp_path, memberships=memberships) == [
        "memberships.csv, row 5, column group: unknown group 'Northshire CSP / Nowhere'",
        "memberships.csv, row 5, column person_email: unknown person 'nobody@example.test' (not in people.csv nor the register)",
    ]


def test_it_refuses_a_second_current_seat_of_one_person_on_a_group(tmp_path):
    memberships = (
        GOOD["memberships"] + "Northshire CSP / ASB Panel,sam@example.test,member,yes,,2026-01-01,\n"
    )
    assert _problems(tmp_path, memberships=memberships) == [
        "memberships.csv, row 5: Sam Sergeant is already a member of ASB Panel (row 3).",
    ]


def test_the_command_exits_non_zero_and_saves_nothing(tmp_path, capsys):
    folder = _write(
        tmp_path / "bad",
        {**GOOD, "organisations": GOOD["organisations"].replace(",yes,GB", ",maybe,GB")},
    )
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_register", str(folder))
    assert (
        "organisations.csv, row 2, column statutory_responsible_authority: 'maybe' is not yes or no"
        in capsys.readouterr().err
    )
    assert _counts() == [0, 0, 0, 0, 0]


def test_the_dry_run_saves_nothing(tmp_path):
    call_command("import_register", str(_write(tmp_path / "in", GOOD)), "--dry-run")
    assert _counts() == [0, 0, 0, 0, 0]


def test_it_refuses_a_file_that_is_not_a_workbook(tmp_path):
    fake = tmp_path / "register.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(CommandError):
        call_command("import_register", str(fake))
    shutil.rmtree(tmp_path)


def test_it_reports_a_file_that_is_not_text_and_saves_nothing(tmp_path):
    assert _problems(tmp_path, organisations="name,kind\n".encode("utf-16")) == [
        "organisations.csv: the file is not text in UTF-8 or Windows-1252 (save it as CSV UTF-8)"
    ]


def test_an_officer_imports_a_new_partnership_with_its_groups(tmp_path, other_officer):
    folder = _write(tmp_path / "in", GOOD)
    summary = import_register(read_folder(folder), user=other_officer)
    assert len(summary.created["groups"]) == 3
    assert other_officer.partnerships.filter(name="Northshire CSP").exists()


def test_the_workbook_export_drops_control_characters(tmp_path):
    from partnerships.tests.factories import GroupFactory

    GroupFactory(purpose="Pasted\x0bfrom a word processor")
    call_command("export_register", str(tmp_path / "book.xlsx"))
    assert (tmp_path / "book.xlsx").exists()


def test_it_reports_a_value_longer_than_the_register_holds(tmp_path):
    organisations = GOOD["organisations"].replace(",GB-LAE-NTH", "," + "X" * 300)
    [problem] = _problems(tmp_path, organisations=organisations)
    assert problem.startswith(
        "organisations.csv, row 2, column identifier: Ensure this value has at most"
    )


def test_it_reports_a_loop_of_partnerships_and_of_groups(tmp_path):
    partnerships = GOOD["partnerships"].replace(
        "County Board,county_strategic_group,The county,,,no",
        "County Board,county_strategic_group,The county,,Northshire CSP,no",
    )
    groups = GOOD["groups"].replace(
        "Northshire CSP,Board,board,,,", "Northshire CSP,Board,board,,ASB Panel,"
    )
    problems = _problems(tmp_path, partnerships=partnerships, groups=groups)
    assert problems == [
        "partnerships.csv, row 2, column reports_to: this would make a loop: that partnership sits below this one",
        "partnerships.csv, row 3, column reports_to: this would make a loop: that partnership sits below this one",
        "groups.csv, row 2, column reports_to: this would make a loop: that group sits below this one",
        "groups.csv, row 3, column reports_to: this would make a loop: that group sits below this one",
    ]


def test_it_refuses_a_second_chair_in_the_file_or_beside_the_register(tmp_path):
    memberships = GOOD["memberships"].replace(
        "Northshire CSP / ASB Panel,sam@example.test,member",
        "Northshire CSP / Board,sam@example.test,chair",
    )
    assert _problems(tmp_path, memberships=memberships) == [
        "memberships.csv, row 3, column role: pat@example.test already chairs Board: "
        "end that membership first, or make this one vice-chair."
    ]
    # Against the register: Pat chairs; a later file names Sam chair and leaves Pat alone.
    import_register(read_folder(_write(tmp_path / "good", GOOD)))
    later = "group,person_email,role,voting,on_behalf_of,start,end\n" + (
        "Northshire CSP / Board,sam@example.test,chair,yes,,2026-01-01,\n"
    )
    with pytest.raises(ImportFailed) as failed:
        import_register({"memberships": later.encode()})
    assert [str(p) for p in failed.value.problems] == [
        "memberships.csv, row 2, column role: Pat Lead already chairs Board: "
        "end that membership first, or make this one vice-chair."
    ]
    # Ending Pat's chair in the same file makes room.
    handover = (
        later
        + "Northshire CSP / Board,pat@example.test,chair,yes,Northshire Council,2025-04-01,2025-12-31\n"
    )
    import_register({"memberships": handover.encode()})
    assert (
        Membership.objects.get(person__email="sam@example.test", group__name="Board").role
        == "chair"
    )


def test_it_refuses_new_members_of_archived_groups_and_archived_people(tmp_path):
    from django.utils import timezone

    import_register(read_folder(_write(tmp_path / "good", GOOD)))
    Group.objects.filter(name="ASB Panel").update(archived_at=timezone.now())
    Person.objects.filter(email="sam@example.test").update(archived_at=timezone.now())
    before = Membership.objects.count()
    rows = "group,person_email,role,voting,on_behalf_of,start,end\n" + (
        "Northshire CSP / ASB Panel,pat@example.test,member,yes,,2026-01-01,\n"
        "Northshire CSP / Board,sam@example.test,member,yes,,2026-01-01,\n"
        # The rows already in the register may be imported again unchanged.
        "Northshire CSP / ASB Panel,sam@example.test,member,yes,Northshire Police,2025-04-01,\n"
    )
    with pytest.raises(ImportFailed) as failed:
        import_register({"memberships": rows.encode()})
    assert [str(p) for p in failed.value.problems] == [
        "memberships.csv, row 2, column group: ASB Panel is archived: restore it before adding members",
        "memberships.csv, row 3, column person_email: Sam Sergeant is archived: restore it before adding members",
    ]
    assert Membership.objects.count() == before


def test_it_finds_groups_whose_names_contain_a_slash(tmp_path):
    groups = (
        GOOD["groups"]
        + "Northshire CSP,Youth / Families Panel,operational_panel,,Board,,no,monthly,,,\n"
    )
    memberships = GOOD["memberships"] + (
        "Northshire CSP / Youth / Families Panel,sam@example.test,member,yes,,2025-04-01,\n"
    )
    import_register(
        read_folder(_write(tmp_path / "in", {**GOOD, "groups": groups, "memberships": memberships}))
    )
    assert Membership.objects.filter(group__name="Youth / Families Panel").count() == 1


def test_it_reports_the_rules_of_groups_and_memberships_in_the_words_of_the_forms(tmp_path):
    groups = GOOD["groups"].replace(
        "quarterly,4,2025-04-01,2026-04-01", "quarterly,0,2025-04-01,2025-03-01"
    )
    memberships = GOOD["memberships"].replace(
        "associate,no,,2025-04-01,2025-12-31", "associate,yes,,2025-04-01,2025-01-31"
    )
    assert _problems(tmp_path, groups=groups, memberships=memberships) == [
        "groups.csv, row 2, column quorum: The quorum must be 1 or more, or left empty",
        "groups.csv, row 2, column tor_review_due: "
        "The review date must be on or after the approval date",
        "memberships.csv, row 4, column end: The end date must be on or after the start date",
        "memberships.csv, row 4, column voting: An associate member has no vote",
    ]
