"""index.json: the machine-readable list of every dataset and file."""

import datetime
import json
from urllib.parse import urlsplit

import pytest

from funding.models import Grant
from opendata.tests.conftest import all_distributions
from partnerships.tests.factories import GroupFactory

LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def _catalogue(client):
    response = client.get("/open-data/index.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_it_lists_every_file_and_each_answers_with_its_media_type(client, world):
    catalogue = _catalogue(client)

    assert catalogue["publisher"] == {"name": "Northshire Council"}
    assert catalogue["license"] == LICENCE
    assert catalogue["homepage"] == "http://testserver/open-data/"
    assert [d["title"] for d in catalogue["dataset"]] == [
        "Partnerships and groups",
        "Public meetings",
        "Grants",
        "Meetings in public",
    ]
    *files, record = catalogue["dataset"]
    assert record["landingPage"] == "http://testserver/open-data/meetings/"
    assert [d["downloadURL"] for d in record["distribution"]] == [
        "http://testserver/open-data/meetings/papers.atom"
    ]
    urls = []
    for dataset in files:
        assert dataset["license"] == LICENCE
        assert dataset["publisher"] == {"name": "Northshire Council"}
        assert dataset["description"]
        assert dataset["landingPage"].startswith("http://testserver/open-data/#")
        for distribution in dataset["distribution"]:
            urls.append(distribution["downloadURL"])
            response = client.get(urlsplit(distribution["downloadURL"]).path)
            assert response.status_code == 200, distribution["downloadURL"]
            assert response["Content-Type"].split(";")[0] == distribution["mediaType"]
    assert sorted(urls) == sorted(
        f"http://testserver/open-data/{d.filename}" for d in all_distributions()
    )


def test_it_counts_the_rows_and_names_the_standards(client, world):
    distributions = {
        d["downloadURL"].rsplit("/", 1)[1]: d
        for dataset in _catalogue(client)["dataset"]
        for d in dataset["distribution"]
        if "rows" in d  # the files; the public record's feed is not counted in rows
    }

    rows = {name: d["rows"] for name, d in distributions.items()}
    assert rows == {
        "partnerships.csv": 1,
        "partnerships.json": 1,
        "groups.csv": 3,
        "groups.json": 3,
        "meetings.csv": 3,
        "meetings.json": 3,
        "meetings.ics": 3,
        "grants.json": 1,
        "grants.csv": 1,
        "grants-transparency.csv": 1,
    }
    assert distributions["grants.json"]["conformsTo"] == "https://standard.threesixtygiving.org/"
    assert "conformsTo" not in distributions["groups.csv"]


@pytest.mark.django_db
def test_it_dates_each_dataset_by_its_last_change(client):
    group = GroupFactory(name="Hate Crime Group")
    group.purpose = "Tackles hate crime."
    group.save()
    created, changed = group.history.order_by("history_id")
    created.history_date = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    created.save()
    changed.history_date = datetime.datetime(2026, 5, 2, 14, 0, tzinfo=datetime.UTC)
    changed.save()
    group.partnership.history.update(
        history_date=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    )

    catalogue = _catalogue(client)

    modified = {d["title"]: d.get("modified") for d in catalogue["dataset"][:3]}
    assert modified == {
        "Partnerships and groups": "2026-05-02T15:00:00+01:00",
        "Public meetings": "2026-05-02T15:00:00+01:00",
        "Grants": None,
    }
    assert catalogue["modified"] == "2026-05-02T15:00:00+01:00"
    html = client.get("/open-data/").content.decode()
    assert "2 May 2026, 15:00" in html
    assert "Not recorded" in html


def test_with_no_grant_published_it_offers_no_360giving_package(client, world):
    Grant.objects.update(status=Grant.Status.PROPOSED)

    names = [
        d["downloadURL"].rsplit("/", 1)[1]
        for dataset in _catalogue(client)["dataset"]
        for d in dataset["distribution"]
    ]

    assert "grants.json" not in names
    assert {"grants.csv", "grants-transparency.csv"} <= set(names)
    assert client.get("/open-data/grants.json").status_code == 404
    assert client.get("/open-data/grants.csv").status_code == 200
    assert "grants.json (Grants (360Giving data package)) is offered once" in (
        client.get("/open-data/").content.decode()
    )
