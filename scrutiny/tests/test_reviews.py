"""A review from start to actions: created by a scrutiny member, scoped from the
bank, evidence and witnesses, key issues, recommendations, the officer's response
and the action it puts in a group's tracker."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config import stale_edits
from meetings.models import Action
from partnerships.tests.factories import GroupFactory, OrganisationFactory, PersonFactory
from scrutiny.models import (
    EvidenceSession,
    Finding,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    ScopingQuestion,
    Witness,
)
from scrutiny.tests.factories import (
    EvidenceSessionFactory,
    FindingFactory,
    RecommendationFactory,
    ReviewFactory,
    ReviewMemberFactory,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def review(partnership, scrutiny_member):
    return ReviewFactory(partnerships=[partnership], created_by=scrutiny_member)


def _url(name, *args):
    return reverse(f"scrutiny:{name}", args=args)


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_it_starts_a_review_owned_by_its_author(client, scrutiny_member, partnership):
    client.force_login(scrutiny_member)
    response = client.post(
        _url("review_create"),
        {
            "title": "  Night-time economy  ",
            "committee": "Safer Communities Scrutiny Committee",
            "kind": "task_group",
            "partnerships": [partnership.pk],
            "terms_of_reference": "What the partnership does at night.",
            **_date("started", datetime.date(2026, 1, 12)),
            "status": "scoping",
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response.url == review.get_absolute_url()
    assert review.title == "Night-time economy"
    assert review.created_by == scrutiny_member
    assert list(review.partnerships.all()) == [partnership]
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Night-time economy" in page and "Edit the review" in page


def test_it_refuses_a_review_with_no_partnership_or_reported_before_it_started(
    client, scrutiny_member
):
    client.force_login(scrutiny_member)
    response = client.post(
        _url("review_create"),
        {
            "title": "A review",
            "committee": "",
            "kind": "task_group",
            **_date("started", datetime.date(2026, 3, 1)),
            **_date("reported", datetime.date(2026, 2, 1)),
            "status": "closed",
        },
    )
    assert response.status_code == 200
    assert not Review.objects.exists()
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose at least one partnership in scope." in page
    assert "Enter the committee that runs the review." in page
    assert "The review cannot report before it started." in page


def test_it_scopes_from_the_bank_and_keeps_the_reviews_own_questions(
    client, scrutiny_member, review
):
    client.force_login(scrutiny_member)
    bank = list(ScopingQuestion.objects.filter(theme="accountability")[:3])
    own = ReviewQuestion.objects.create(review=review, theme="communities", text="Our own?")
    response = client.post(_url("scope", review.pk), {"questions": [q.pk for q in bank]})
    assert response.status_code == 302
    chosen = review.questions.filter(source__isnull=False)
    assert {q.source_id for q in chosen} == {q.pk for q in bank}
    assert {q.text for q in chosen} == {q.text for q in bank}

    # Untick one, keep two: one removed, the review's own question stays.
    client.post(_url("scope", review.pk), {"questions": [bank[0].pk, bank[1].pk]})
    assert set(review.questions.values_list("source_id", flat=True)) == {
        bank[0].pk,
        bank[1].pk,
        None,
    }
    assert ReviewQuestion.objects.filter(pk=own.pk).exists()

    page = client.get(_url("scope", review.pk)).content.decode()
    assert f'value="{bank[0].pk}" checked' in page
    assert f'value="{bank[2].pk}" checked' not in page


def test_it_edits_a_chosen_question_for_the_review_and_leaves_the_bank(
    client, scrutiny_member, review
):
    client.force_login(scrutiny_member)
    bank = ScopingQuestion.objects.filter(theme="effectiveness").first()
    client.post(_url("scope", review.pk), {"questions": [bank.pk]})
    question = review.questions.get()
    response = client.post(
        _url("question_edit", review.pk, question.pk),
        {
            "theme": "effectiveness",
            "text": "Does the Board have strong leadership?",
            "position": 1,
            stale_edits.FIELD: stale_edits.version(question),
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Does the Board have strong leadership?"
    bank.refresh_from_db()
    assert bank.text != question.text
    assert "Edited" in client.get(review.get_absolute_url()).content.decode()


def test_it_records_evidence_with_a_document_and_a_witness(client, scrutiny_member, review):
    client.force_login(scrutiny_member)
    police = OrganisationFactory(name="Northshire Police")
    document = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes", content_type="application/pdf")
    response = client.post(
        _url("evidence_add", review.pk),
        {
            "kind": "interview",
            **_date("date", datetime.date(2026, 4, 2)),
            "title": "Interview with the police",
            "notes": "Hot spots.",
            "file": document,
        },
    )
    session = EvidenceSession.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#evidence-{session.pk}")
    assert session.file.name.endswith(".pdf")

    response = client.post(
        _url("witness_add", review.pk, session.pk),
        {"name": "Inspector Example", "role": "Chief Inspector", "organisation": police.pk},
    )
    assert response.status_code == 302
    witness = Witness.objects.get()
    assert witness.organisation == police
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Inspector Example, Chief Inspector, Northshire Police" in page
    download = client.get(_url("evidence_file", review.pk, session.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_it_refuses_a_document_that_is_not_one(client, scrutiny_member, review):
    client.force_login(scrutiny_member)
    fake = SimpleUploadedFile("notes.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        _url("evidence_add", review.pk),
        {
            "kind": "document",
            **_date("date", datetime.date(2026, 4, 2)),
            "title": "Papers",
            "file": fake,
        },
    )
    assert response.status_code == 200
    assert "The file is not a real PDF" in response.content.decode()
    assert not EvidenceSession.objects.exists()


def test_it_refuses_the_same_witness_twice(client, scrutiny_member, review):
    client.force_login(scrutiny_member)
    session = EvidenceSessionFactory(review=review)
    Witness.objects.create(session=session, name="Ann Example")
    response = client.post(_url("witness_add", review.pk, session.pk), {"name": "ann example"})
    assert response.status_code == 200
    assert "ann example is already a witness at this session." in response.content.decode()
    assert session.witnesses.count() == 1


def test_it_keeps_one_chair_per_review(client, scrutiny_member, review):
    client.force_login(scrutiny_member)
    ReviewMemberFactory(review=review, name="Cllr First", role="chair")
    response = client.post(_url("member_add", review.pk), {"name": "Cllr Second", "role": "chair"})
    assert response.status_code == 200
    assert "Cllr First already chairs this review." in response.content.decode()
    assert review.members.count() == 1


def test_it_records_a_key_issue_and_withdraws_it_without_deleting(client, scrutiny_member, review):
    client.force_login(scrutiny_member)
    client.post(
        _url("finding_add", review.pk),
        {
            "theme": "accountability",
            "text": "No one holds the tasking groups to account.",
            "position": 1,
        },
    )
    finding = Finding.objects.get()
    assert client.get(_url("finding_withdraw", review.pk, finding.pk)).status_code == 200
    assert Finding.objects.get().withdrawn_at is None
    response = client.post(_url("finding_withdraw", review.pk, finding.pk))
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.withdrawn_at is not None
    assert "Withdrawn" in client.get(review.get_absolute_url()).content.decode()


def test_it_records_a_recommendation_addressed_to_a_partnership(
    client, scrutiny_member, review, partnership
):
    client.force_login(scrutiny_member)
    response = client.post(
        _url("recommendation_add", review.pk),
        {
            "reference": "a)",
            "text": "Produce a tool-kit for elected Members.",
            "addressed_to_partnership": partnership.pk,
            **_date("response_due", datetime.date(2026, 6, 1)),
            **_date("follow_up_due", datetime.date(2026, 12, 1)),
        },
    )
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302 and response.url == recommendation.get_absolute_url()
    assert recommendation.reference == "a"
    assert recommendation.addressed_to == partnership.name
    assert recommendation.follow_up_due == datetime.date(2026, 12, 1)


def test_it_refuses_a_recommendation_addressed_to_no_one_or_numbered_twice(
    client, scrutiny_member, review
):
    client.force_login(scrutiny_member)
    RecommendationFactory(review=review, reference="1")
    response = client.post(
        _url("recommendation_add", review.pk),
        {
            "reference": "1",
            "text": "Something.",
            "addressed_to_office": "   ",
            **_date("response_due", datetime.date(2026, 6, 1)),
            **_date("follow_up_due", datetime.date(2026, 5, 1)),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This review already has a recommendation 1." in page
    assert "Say who the recommendation is addressed to" in page
    assert "The follow-up cannot come before the response is due." in page
    assert review.recommendations.count() == 1


def test_an_officer_of_a_partnership_in_scope_records_the_response(client, officer, review):
    recommendation = RecommendationFactory(review=review)
    client.force_login(officer)
    today = timezone.localdate()
    response = client.post(
        _url("recommendation_respond", review.pk, recommendation.pk),
        {
            "response": "accepted",
            **_date("response_date", today),
            "response_text": "Agreed by the Board.",
            "implementation": "in_progress",
            **_date("follow_up_due", today + datetime.timedelta(days=90)),
            stale_edits.FIELD: stale_edits.version(recommendation),
        },
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.response == Recommendation.Response.ACCEPTED
    assert recommendation.response_date == today
    assert recommendation.response_text == "Agreed by the Board."
    assert recommendation.history.first().history_user == officer
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Create an action" in page
    assert "Awaiting a response → Accepted" in page


def test_it_refuses_a_response_with_no_date_or_words(client, officer, review):
    recommendation = RecommendationFactory(review=review)
    client.force_login(officer)
    response = client.post(
        _url("recommendation_respond", review.pk, recommendation.pk),
        {"response": "rejected", "response_text": "", "implementation": "implemented"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the date of the response." in page
    assert "Say what the response was." in page
    assert "A rejected recommendation cannot be in progress or implemented." in page
    recommendation.refresh_from_db()
    assert recommendation.response == Recommendation.Response.PENDING


def test_an_accepted_recommendation_puts_an_action_in_the_groups_tracker(
    client, officer, review, partnership, board
):
    recommendation = RecommendationFactory(
        review=review,
        response="accepted",
        response_date=datetime.date(2026, 5, 1),
        response_text="Yes.",
    )
    owner = PersonFactory(name="Olive Owner")
    client.force_login(officer)
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        _url("action_create", review.pk, recommendation.pk),
        {
            "group": board.pk,
            "description": "Write the tool-kit.",
            "owner": owner.pk,
            **_date("due", due),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.group, action.owner, action.due) == (board, owner, due)
    assert list(recommendation.actions.all()) == [action]
    tracker = client.get(reverse("meetings:tracker", args=[board.pk])).content.decode()
    assert "Write the tool-kit." in tracker
    assert "Write the tool-kit." in client.get(review.get_absolute_url()).content.decode()


def test_an_action_needs_an_accepted_recommendation_and_a_group_the_officer_supports(
    client, officer, review, board, other_officer
):
    recommendation = RecommendationFactory(review=review)
    client.force_login(officer)
    response = client.get(_url("action_create", review.pk, recommendation.pk))
    assert response.status_code == 302
    assert not Action.objects.exists()

    recommendation.response, recommendation.response_date = "partly", datetime.date(2026, 5, 1)
    recommendation.save()
    elsewhere = GroupFactory(partnership=other_officer.partnerships.get())
    response = client.post(
        _url("action_create", review.pk, recommendation.pk),
        {
            "group": elsewhere.pk,
            "description": "",
            "owner": PersonFactory().pk,
            **_date("due", timezone.localdate() - datetime.timedelta(days=1)),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Describe the action." in page
    assert "The due date cannot be in the past." in page
    assert not Action.objects.exists()


def test_a_withdrawn_recommendation_takes_no_response(client, officer, scrutiny_member, review):
    recommendation = RecommendationFactory(review=review)
    client.force_login(scrutiny_member)
    client.post(_url("recommendation_withdraw", review.pk, recommendation.pk))
    recommendation.refresh_from_db()
    assert recommendation.withdrawn_at is not None
    client.force_login(officer)
    assert (
        client.get(_url("recommendation_respond", review.pk, recommendation.pk)).status_code == 404
    )
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_it_hides_actions_on_exempt_items_from_scrutiny_members(
    client, scrutiny_member, officer, review, board
):
    from meetings.tests.factories import AgendaItemFactory

    recommendation = RecommendationFactory(
        review=review, response="accepted", response_date=datetime.date(2026, 5, 1)
    )
    exempt = AgendaItemFactory(meeting__group=board, exempt=True)
    recommendation.actions.add(
        Action.objects.create(group=board, item=exempt, description="Confidential step")
    )
    recommendation.actions.add(Action.objects.create(group=board, description="Open step"))
    client.force_login(scrutiny_member)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Open step" in page and "Confidential step" not in page
    client.force_login(officer)
    assert "Confidential step" in client.get(review.get_absolute_url()).content.decode()


def test_a_member_with_an_account_may_change_the_review(client, review, request):
    from partnerships.tests.factories import UserFactory

    councillor = UserFactory(role="scrutiny", email="member@example.test")
    client.force_login(councillor)
    assert client.get(_url("review_edit", review.pk)).status_code == 403
    ReviewMember.objects.create(review=review, name="Cllr Member", user=councillor)
    assert client.get(_url("review_edit", review.pk)).status_code == 200


def test_the_list_filters_by_stage_and_partnership(client, scrutiny_member, partnership):
    ReviewFactory(title="Scoping one", status="scoping", partnerships=[partnership])
    ReviewFactory(title="Closed one", status="closed")
    client.force_login(scrutiny_member)
    page = client.get(_url("review_list"), {"status": "scoping"}).content.decode()
    assert "Scoping one" in page and "Closed one" not in page
    page = client.get(_url("review_list"), {"partnership": partnership.pk}).content.decode()
    assert "Scoping one" in page and "Closed one" not in page
    page = client.get(_url("review_list"), {"status": "nonsense"}).content.decode()
    assert "No review matches these filters" in page


def test_the_list_shows_recommendations_awaiting_a_response(client, scrutiny_member, review):
    RecommendationFactory(review=review)
    RecommendationFactory(
        review=review, response="accepted", response_date=datetime.date(2026, 5, 1)
    )
    FindingFactory(review=review)
    client.force_login(scrutiny_member)
    response = client.get(_url("review_list"))
    row = response.context["page"].object_list[0]
    assert (row.recommendation_count, row.awaiting_count) == (2, 1)
