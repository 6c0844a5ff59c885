from django.core.files.uploadedfile import SimpleUploadedFile

from config.tests.workbooks import long_workbook, zip_bomb
from partnerships.models import Group, Organisation, Person

ORGS = b"name,kind,statutory_responsible_authority,identifier\nNorthshire Police,police,yes,\n"
PEOPLE = b"name,email,organisation,job_title,seniority\nJo Inspector,jo@example.test,Northshire Police,Inspector,manager\n"


def _upload(client, *files):
    return client.post("/register/import/", {"files": [SimpleUploadedFile(n, d) for n, d in files]})


def test_it_previews_then_saves_on_confirmation(client, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    response = _upload(client, ("organisations.csv", ORGS), ("people.csv", PEOPLE))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check what the import would do" in html and "Save 2 changes" in html
    assert not Organisation.objects.exists(), "a preview saves nothing"
    token = response.context["token"]
    response = client.post("/register/import/", {"token": token})
    assert response.status_code == 302
    assert Person.objects.get().organisation.name == "Northshire Police"
    assert not (tmp_path / "held" / token).exists()
    # the same token cannot be used twice
    response = client.post("/register/import/", {"token": token}, follow=True)
    assert "That import has expired" in response.content.decode()
    assert Person.objects.count() == 1


def test_it_lists_every_problem_and_saves_nothing(client, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    bad_people = PEOPLE.replace(b"manager", b"boss")
    response = _upload(client, ("organisations.csv", ORGS), ("people.csv", bad_people))
    html = response.content.decode()
    assert "1 problem found: nothing was saved" in html
    assert "&#x27;boss&#x27; is not one of" in html
    assert not Organisation.objects.exists()


def test_it_refuses_files_with_the_wrong_names(client, officer):
    client.force_login(officer)
    response = _upload(client, ("my groups.csv", ORGS))
    assert "a CSV file must be named after its sheet" in response.content.decode()
    response = client.post("/register/import/", {})
    assert "There is a problem" in response.content.decode()


def test_it_forbids_an_officer_to_change_a_partnership_they_do_not_support(
    client, other_officer, partnership, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(other_officer)
    groups = (
        "partnership,name,kind,parent,reports_to,purpose,statutory_function,meets,quorum,tor_approved,tor_review_due\n"
        f"{partnership.name},Sneaky group,forum,,,,no,ad_hoc,,,\n"
    ).encode()
    response = _upload(client, ("groups.csv", groups))
    html = response.content.decode()
    assert response.context["summary"].changes == 0
    assert "You do not support Northshire Community Safety Partnership" in html
    assert "there is nothing to save" in html
    assert not Group.objects.filter(name="Sneaky group").exists()


def test_it_downloads_the_register_as_a_workbook(client, officer, scrutiny_member, partnership):
    client.force_login(scrutiny_member)
    assert client.get("/register/export.xlsx").status_code == 403  # it holds email addresses
    client.force_login(officer)
    response = client.get("/register/export.xlsx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert response["Content-Disposition"].startswith('attachment; filename="register-')


def test_unconfirmed_uploads_do_not_pile_up(client, officer, settings, tmp_path):
    import os
    import time

    settings.MEDIA_ROOT = tmp_path
    abandoned = tmp_path / "held" / ("a" * 32)
    abandoned.mkdir(parents=True)
    (abandoned / "people.csv").write_bytes(PEOPLE)
    two_days_ago = time.time() - 2 * 86400
    os.utime(abandoned / "people.csv", (two_days_ago, two_days_ago))
    client.force_login(officer)
    first = _upload(client, ("organisations.csv", ORGS)).context["token"]
    assert not abandoned.exists(), "someone's upload left a day ago is removed"
    second = _upload(client, ("organisations.csv", ORGS), ("people.csv", PEOPLE)).context["token"]
    assert not (tmp_path / "held" / first).exists(), "the earlier preview is replaced"
    assert [p.name for p in (tmp_path / "held").iterdir()] == [second]
    client.post("/register/import/", {"token": second})
    assert list((tmp_path / "held").iterdir()) == []
    assert Person.objects.count() == 1


def test_it_refuses_a_workbook_of_200000_rows_and_saves_nothing(
    client, officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    response = _upload(client, ("register.xlsx", long_workbook()))
    html = response.content.decode()
    assert "1 problem found: nothing was saved" in html
    assert "the file has more than 20,000 rows: at most 20,000 can be read at once" in html
    assert "token" not in response.context
    assert not Organisation.objects.exists()
    assert list((tmp_path / "held").iterdir()) == []


def test_it_refuses_a_zip_bomb(client, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer)
    html = _upload(client, ("register.xlsx", zip_bomb(51 * 1024 * 1024))).content.decode()
    assert "the workbook unpacks to 51.0\xa0MB: at most 50.0\xa0MB can be read" in html
    assert not Organisation.objects.exists()


def test_uploads_nobody_confirmed_are_forgotten_each_night(settings, tmp_path):
    import os
    import time

    from partnerships.tasks import release_abandoned_imports

    settings.MEDIA_ROOT = tmp_path
    abandoned, recent = tmp_path / "held" / ("a" * 32), tmp_path / "held" / ("b" * 32)
    for folder in (abandoned, recent):
        folder.mkdir(parents=True)
        (folder / "people.csv").write_bytes(PEOPLE)
    two_days_ago = time.time() - 2 * 86400
    os.utime(abandoned / "people.csv", (two_days_ago, two_days_ago))
    release_abandoned_imports()
    assert not abandoned.exists() and recent.exists()
