"""The library of past reviews: installed by a data migration and put back when
missing, with an admin's edits kept; searched by theme and by words; shown, theme
by theme, at the scoping step beside the monitor's advice on how many questions
to choose."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from conftest import need
from scrutiny.library import PAST_REVIEWS
from scrutiny.models import PastReview, PastReviewTheme, ReviewQuestion, ScopingQuestion
from scrutiny.tests.factories import ReviewFactory, ReviewQuestionFactory

LIBRARY = reverse("scrutiny:library")


def _shown(page):
    """The authorities of the entries on the page, in order."""
    return [
        entry["authority"]
        for entry in sorted(PAST_REVIEWS, key=lambda e: page.find(f'id="past-{e["key"]}"'))
        if f'id="past-{entry["key"]}"' in page
    ]


# The data migration ---------------------------------------------------------------------


@pytest.mark.django_db
def test_migrate_loads_the_eight_case_studies_with_their_themes_and_sources():
    assert PastReview.objects.count() == 8 == len(PAST_REVIEWS)
    haringey = PastReview.objects.get(key="haringey-2008")
    assert haringey.authority == "London Borough of Haringey"
    assert haringey.theme_labels == ["Efficiency", "Effectiveness"]
    assert all(
        entry.source.startswith("Library Monitor 12, §") for entry in PastReview.objects.all()
    )
    assert not PastReview.objects.filter(themes__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_migrate_puts_back_a_missing_entry_and_keeps_what_an_admin_changed():
    PastReview.objects.filter(key="swansea-2008").delete()
    PastReview.objects.filter(key="newcastle-2009").update(
        title="Retitled by the council", active=False
    )
    PastReviewTheme.objects.filter(review__key="haringey-2008", theme="efficiency").delete()

    call_command("migrate", verbosity=0)

    assert PastReview.objects.count() == 8
    assert PastReview.objects.filter(key="swansea-2008").exists()
    newcastle = PastReview.objects.get(key="newcastle-2009")
    assert (newcastle.title, newcastle.active) == ("Retitled by the council", False)
    assert PastReview.objects.get(key="haringey-2008").theme_labels == ["Effectiveness"]


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_the_library_back():
    call_command("flush", interactive=False, verbosity=0)
    assert PastReview.objects.count() == 8


@pytest.mark.django_db
def test_the_database_refuses_a_theme_twice_on_one_entry():
    entry = PastReview.objects.get(key="haringey-2008")
    with pytest.raises(IntegrityError), transaction.atomic():
        PastReviewTheme.objects.create(review=entry, theme="efficiency")


# The library page -----------------------------------------------------------------------


def test_a_reader_sees_every_entry_latest_first_with_its_details(client, scrutiny_member):
    client.force_login(scrutiny_member)
    response = client.get(LIBRARY)
    assert response.status_code == 200
    page = response.content.decode()
    shown = _shown(page)
    assert len(shown) == 8
    assert shown[0] == "Buckinghamshire County Council"  # 2010
    assert shown[-1] == "Wear Valley District Council"  # 2008, by name
    assert "Library Monitor 12, §3.13, §3.14, §5.4, appendix (3)" in page
    assert "Five meetings of the working group" in page
    assert "What the monitor advises" in page


def test_it_filters_by_theme(client, officer):
    client.force_login(officer)
    page = client.get(LIBRARY, {"theme": "communities"}).content.decode()
    expected = {e["authority"] for e in PAST_REVIEWS if "communities" in e["themes"]}
    assert set(_shown(page)) == expected
    assert "City and County of Swansea" in expected
    assert "London Borough of Haringey" not in page


def test_it_searches_the_words(client, scrutiny_member):
    client.force_login(scrutiny_member)
    page = client.get(LIBRARY, {"q": "Neighbourhood Watch"}).content.decode()
    assert set(_shown(page)) == {
        "North Lincolnshire Council",
        "City and County of Swansea",
    }
    page = client.get(LIBRARY, {"q": "data champion", "theme": "accountability"}).content.decode()
    assert _shown(page) == ["Wear Valley District Council"]


def test_it_says_when_nothing_matches(client, scrutiny_member):
    client.force_login(scrutiny_member)
    page = client.get(LIBRARY, {"q": "zeppelin"}).content.decode()
    assert _shown(page) == []
    assert "No past review matches these words or this theme." in page


def test_a_retired_entry_is_not_shown(client, scrutiny_member):
    PastReview.objects.filter(key="haringey-2008").update(active=False)
    client.force_login(scrutiny_member)
    page = client.get(LIBRARY).content.decode()
    assert "London Borough of Haringey" not in page and len(_shown(page)) == 7


def test_someone_who_reads_nothing_may_not_see_it(client, outsider):
    client.force_login(outsider)
    assert client.get(LIBRARY).status_code == 403


def test_the_library_page_reads_the_same_queries_however_many_entries(
    client, scrutiny_member, django_assert_num_queries
):
    client.force_login(scrutiny_member)
    client.get(LIBRARY)
    # session, user; the entries; their themes
    with django_assert_num_queries(4):
        client.get(LIBRARY)
    for number in range(5):
        entry = PastReview.objects.create(
            key=f"extra-{number}",
            authority="A council",
            title="A review",
            body="A panel",
            year=2011,
            source="Library Monitor 12, §5",
        )
        PastReviewTheme.objects.create(review=entry, theme="efficiency")
    with django_assert_num_queries(4):
        assert len(_shown(client.get(LIBRARY).content.decode())) == 8


def test_postgresql_searches_the_words_in_full_text(client, scrutiny_member):
    need(connection.vendor == "postgresql", "PostgreSQL, whose full-text search this is")
    client.force_login(scrutiny_member)
    # Stemmed: "recommended" finds "recommendations"; websearch: -haringey leaves it out.
    page = client.get(LIBRARY, {"q": "mainstreaming -haringey"}).content.decode()
    assert "London Borough of Haringey" not in _shown(page)
    page = client.get(LIBRARY, {"q": "champions"}).content.decode()
    assert "Wear Valley District Council" in _shown(page)


def test_the_reviews_list_links_to_the_library(client, scrutiny_member):
    client.force_login(scrutiny_member)
    assert f'href="{LIBRARY}"' in client.get(reverse("scrutiny:review_list")).content.decode()


# The scoping step -----------------------------------------------------------------------


@pytest.fixture
def review(partnership, scrutiny_member):
    return ReviewFactory(partnerships=[partnership], created_by=scrutiny_member)


def _choose(review, theme, count):
    for question in ScopingQuestion.objects.filter(theme=theme)[:count]:
        ReviewQuestion.objects.create(
            review=review, source=question, theme=theme, text=question.text
        )


def test_the_scope_shows_the_advice_and_counts_each_theme(client, scrutiny_member, review):
    _choose(review, "efficiency", 2)
    _choose(review, "accountability", 5)
    ReviewQuestionFactory(review=review, theme="effectiveness", source=None)  # its own
    client.force_login(scrutiny_member)
    response = client.get(reverse("scrutiny:scope", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "two or three from each theme at the initial scoping stage" in page
    assert "2 questions chosen on efficiency." in page
    assert "1 question chosen on effectiveness." in page
    assert (
        "5 questions chosen on accountability: the monitor advises two or three at first." in page
    )
    assert (
        "No question chosen on understanding local communities: the monitor advises two or "
        "three at first." in page
    )
    assert "chosen on efficiency: the monitor" not in page


def test_the_advice_never_stops_the_scope_being_saved(client, scrutiny_member, review):
    client.force_login(scrutiny_member)
    bank = ScopingQuestion.objects.filter(theme="efficiency")[:6]
    response = client.post(
        reverse("scrutiny:scope", args=[review.pk]), {"questions": [q.pk for q in bank]}
    )
    assert response.status_code == 302
    assert review.questions.count() == 6
    page = client.get(reverse("scrutiny:scope", args=[review.pk])).content.decode()
    assert "6 questions chosen on efficiency: the monitor advises" in page


def test_the_scope_links_each_theme_to_its_past_reviews(client, scrutiny_member, review):
    client.force_login(scrutiny_member)
    page = client.get(reverse("scrutiny:scope", args=[review.pk])).content.decode()
    assert f'href="{LIBRARY}"' in page
    communities = page[
        page.index('id="theme-communities"') : page.index('id="theme-accountability"')
    ]
    assert f'href="{LIBRARY}#past-swansea-2008"' in communities
    assert f'href="{LIBRARY}#past-haringey-2008"' not in communities


def test_the_scope_reads_the_same_queries_however_many_questions(
    client, scrutiny_member, review, django_assert_num_queries
):
    client.force_login(scrutiny_member)
    _choose(review, "efficiency", 1)
    client.get(reverse("scrutiny:scope", args=[review.pk]))
    # session, user; the review, its members, its partnerships; the chosen ids; the
    # bank; the counts by theme; the past reviews, their themes
    with django_assert_num_queries(10):
        client.get(reverse("scrutiny:scope", args=[review.pk]))
    _choose(review, "accountability", 4)
    _choose(review, "communities", 3)
    with django_assert_num_queries(10):
        client.get(reverse("scrutiny:scope", args=[review.pk]))
