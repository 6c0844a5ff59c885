"""Files in the council's object store (STORAGE_BUCKET): a paper uploaded in the
browser, merged into the board pack a task builds, and both downloaded through the
permission check, with every byte kept in the bucket and none on this server's disk.
The store is a real S3-compatible server on loopback (config/tests/object_store.py)."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from config import health
from config.tests import object_store as store
from demo.papers import pdf_of
from meetings.models import Paper
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from partnerships.models import Organisation
from reports.models import Report


@pytest.fixture(scope="module")
def endpoint():
    with store.object_store() as url:
        yield url


@pytest.fixture
def bucket(endpoint, settings, tmp_path):
    """A new bucket is where files go for the test; the disk folder stays empty."""
    name = f"csp-{uuid.uuid4().hex[:12]}"
    store.client(endpoint).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": store.bucket_storage(endpoint, name)}
    return name


def _keys(endpoint, bucket):
    listed = store.client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


def test_a_paper_goes_into_the_pack_and_both_download_from_the_bucket(
    client, officer, board, endpoint, bucket, tmp_path, transactional_db
):
    meeting = MeetingFactory(group=board)
    paper = pdf_of([["Night-time economy plan", "Marker: kept in the object store"]])
    client.force_login(officer)
    added = client.post(
        reverse("meetings:item_add", args=[meeting.pk]),
        {"title": "Night-time economy", "paper_file": SimpleUploadedFile("plan.pdf", paper)},
    )
    assert added.status_code == 302
    stored = Paper.objects.get()
    assert stored.file.name.startswith("papers/")

    asked = client.post(reverse("reports:request"), {"kind": "board-pack", "subject": meeting.pk})
    report = Report.objects.get()
    assert asked.url == report.get_absolute_url()
    assert report.status == Report.Status.READY, report.error

    keys = _keys(endpoint, bucket)
    assert stored.file.name in keys
    assert report.file.name in keys and report.file.name.startswith("reports/")
    assert list(tmp_path.iterdir()) == [], "nothing is written to this server's disk"

    pack = client.get(reverse("reports:download", args=[report.pk]))
    assert pack.status_code == 200
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(pack.streaming_content))).pages
    )
    assert "Marker: kept in the object store" in text, "the paper is merged into the pack"

    download = client.get(reverse("meetings:paper_download", args=[stored.pk]))
    assert b"".join(download.streaming_content) == paper


def test_the_permission_check_still_stands_before_the_bucket(
    client, other_officer, board, bucket, endpoint
):
    meeting = MeetingFactory(group=board)
    item = AgendaItemFactory(meeting=meeting, exempt=True, exempt_paragraph=3)
    paper = Paper.objects.create(
        item=item, title="Contract", file=SimpleUploadedFile("contract.pdf", pdf_of([["Secret"]]))
    )
    assert paper.file.name in _keys(endpoint, bucket)
    client.force_login(other_officer)
    response = client.get(reverse("meetings:paper_download", args=[paper.pk]))
    assert response.status_code in (403, 404)
    assert b"Secret" not in response.content


def test_an_import_preview_held_in_the_bucket_is_confirmed_and_then_forgotten(
    client, officer, bucket, endpoint
):
    orgs = b"name,kind,statutory_responsible_authority,identifier\nNorthshire Police,police,yes,\n"
    client.force_login(officer)
    preview = client.post(
        "/register/import/", {"files": [SimpleUploadedFile("organisations.csv", orgs)]}
    )
    token = preview.context["token"]
    assert _keys(endpoint, bucket) == [f"held/{token}/organisations.csv"]
    assert not Organisation.objects.filter(name="Northshire Police").exists()
    client.post("/register/import/", {"token": token})
    assert Organisation.objects.filter(name="Northshire Police").exists()
    assert _keys(endpoint, bucket) == []


def test_readiness_writes_and_reads_the_bucket(bucket, endpoint):
    assert health.storage_status() == "ok"
    assert _keys(endpoint, bucket) == [], "the readiness file is deleted"


def test_readiness_names_a_bucket_that_is_not_there(endpoint, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": store.bucket_storage(endpoint, "no-such-bucket"),
    }
    assert health.storage_status() == "error: NoSuchBucket"
