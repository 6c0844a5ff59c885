"""The domestic homicide review register: time limits and stages, what the database
refuses, the forms' messages, who sees and keeps the reviews, the register with its
filters and downloads, the review's page, and a recommendation put in a tracker."""

import csv
import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from config.stale_edits import FIELD, version
from dhr.models import Review, add_months
from dhr.rules import keeps_reviews, sees_reviews
from dhr.tests.factories import ReviewFactory, decided
from meetings.models import Action
from meetings.tests.factories import AgendaItemFactory
from partnerships.tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UserFactory,
)
from reports.documents import prepare

TODAY = timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _form_data(**changes):
    data = {
        "case_reference": "DHR 2026/07",
        **_date("notified_on", TODAY - days(20)),
        "decision": Review.Decision.PENDING,
        "independent_chair": "A. Chair",
    }
    data.update(changes)
    return data


def _recommend(review, group, **changes):
    return review.add_recommendation(
        text=changes.get("text", "Train front-line staff in coercive control."),
        addressed_to=None,
        action=changes.get("action", "Commission coercive control training"),
        group=group,
        owner=changes.get("owner") or PersonFactory(),
        due=changes.get("due", TODAY + days(60)),
        by=None,
    )


# Time limits and stages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 3, 15), 6, datetime.date(2026, 9, 15)),
        (datetime.date(2026, 12, 1), 1, datetime.date(2027, 1, 1)),
    ],
)
def test_it_adds_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


def test_it_gives_a_month_for_the_decision_and_six_for_the_report(db):
    review = ReviewFactory.build(notified_on=datetime.date(2026, 3, 2))
    assert review.decision_due == datetime.date(2026, 4, 2)
    assert review.report_due is None
    review.decision, review.decided_on = Review.Decision.REVIEW, datetime.date(2026, 3, 20)
    assert review.report_due == datetime.date(2026, 9, 20)
    review.extended_to = datetime.date(2026, 12, 31)
    assert review.report_due == datetime.date(2026, 12, 31)
    review.decision = Review.Decision.NO_REVIEW
    assert review.report_due is None


def test_it_flags_a_stage_late_when_done_after_its_limit_or_not_done_past_it(db):
    review = ReviewFactory.build(notified_on=datetime.date(2026, 3, 2))
    on = datetime.date(2026, 4, 10)
    assert [s.name for s in review.late_stages(on)] == ["Decision whether to hold a review"]
    assert review.overdue_now(on).name == "Decision whether to hold a review"
    review.decision, review.decided_on = Review.Decision.REVIEW, datetime.date(2026, 4, 5)
    assert [s.name for s in review.late_stages(on)] == ["Decision whether to hold a review"]
    assert review.overdue_now(on) is None  # decided, late: history, not a stage overdue
    later = datetime.date(2026, 10, 6)
    assert review.overdue_now(later).name == "Report completed"
    review.extended_to, review.extension_reason = datetime.date(2026, 12, 1), "Criminal trial"
    assert review.overdue_now(later) is None
    review.closed_on = later
    assert review.overdue_now(datetime.date(2027, 1, 1)) is None


def test_a_review_not_held_has_no_report_stages(db):
    review = ReviewFactory.build(
        decision=Review.Decision.NO_REVIEW, decided_on=TODAY, decision_reason="Not met"
    )
    assert [s.name for s in review.stages()] == ["Decision whether to hold a review", "Closed"]


# What the database refuses ------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"decided_on": TODAY},  # a date with no decision
        {"decision": Review.Decision.REVIEW},  # a decision with no date
        {"extended_to": TODAY + days(200)},  # an extension with no reason
        {"quality_assured_on": TODAY},  # quality assured with no outcome
    ],
)
def test_the_database_refuses_an_inconsistent_review(review, changes):
    for name, value in changes.items():
        setattr(review, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        review.save()


def test_the_database_refuses_a_case_reference_twice_in_a_partnership(review):
    ReviewFactory(case_reference=review.case_reference)  # another partnership's: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(partnership=review.partnership, case_reference=review.case_reference)


# Who sees and keeps them --------------------------------------------------------------


def test_only_the_partnerships_officers_and_its_boards_chair_see_its_reviews(
    review, officer, chair, other_officer, scrutiny_member, admin_user, outsider, board
):
    member = UserFactory(role="chair", person=PersonFactory())
    MembershipFactory(person=member.person, group=board, role="member")
    vice = UserFactory(role="chair", person=PersonFactory())
    sub_group = GroupFactory(partnership=review.partnership, kind="sub_group")
    MembershipFactory(person=vice.person, group=sub_group, role="chair")
    seeing = {officer, chair}
    for user in [officer, chair, other_officer, scrutiny_member, admin_user, outsider]:
        assert sees_reviews(user, review.partnership) == (user in seeing)
        assert list(Review.objects.visible_to(user)) == ([review] if user in seeing else [])
    # A board's member, and the chair of a group that is not a board, do not.
    for user in [member, vice]:
        assert not sees_reviews(user, review.partnership)
        assert not Review.objects.visible_to(user).exists()
    assert keeps_reviews(officer, review.partnership)
    assert not keeps_reviews(chair, review.partnership)


def test_an_officer_who_is_also_an_administrator_does_not_see_them(review):
    admin = UserFactory(role="officer", is_superuser=True, partnerships=[review.partnership])
    assert not sees_reviews(admin, review.partnership)
    assert not Review.objects.visible_to(admin).exists()


@pytest.mark.parametrize(
    ("who", "register", "detail", "edit"),
    [
        ("officer", 200, 200, 200),
        ("chair", 200, 200, 403),
        ("other_officer", 403, 404, 404),
        ("scrutiny_member", 403, 404, 404),
        ("admin_user", 403, 404, 404),
        ("outsider", 403, 404, 404),
    ],
)
def test_each_role_gets_the_pages_it_may(client, request, review, who, register, detail, edit):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("dhr:register", args=[review.partnership_id])).status_code == (
        register
    )
    assert client.get(review.get_absolute_url()).status_code == detail
    assert client.get(reverse("dhr:review_edit", args=[review.pk])).status_code == edit
    recommend = reverse("dhr:recommendation_create", args=[review.pk])
    assert client.get(recommend).status_code == edit


def test_the_partnerships_menu_links_the_register_only_for_those_who_may_see_it(
    client, review, officer, chair, scrutiny_member, admin_user
):
    url = review.partnership.get_absolute_url()
    link = reverse("dhr:register", args=[review.partnership_id])
    for user, shown in [(officer, True), (chair, True), (scrutiny_member, False)]:
        client.force_login(user)
        assert (link in client.get(url).content.decode()) == shown


# The forms ----------------------------------------------------------------------------


def test_an_officer_adds_a_review(client, officer, partnership):
    client.force_login(officer)
    response = client.post(reverse("dhr:review_create", args=[partnership.pk]), _form_data())
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.partnership, review.case_reference) == (partnership, "DHR 2026/07")
    assert review.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"case_reference": "DHR 2026/01"}, "case_reference", "has a review with this reference"),
        ({"decision": "review"}, "decided_on", "Enter the date of the decision"),
        (
            {"decision": "no_review", **_date("decided_on", TODAY)},
            "decision_reason",
            "Enter why no review is to be held",
        ),
        (
            {"decision": "review", **_date("decided_on", TODAY), **_date("extended_to", TODAY)},
            "extension_reason",
            "Enter the reason for the extension",
        ),
        (
            {"decision": "review", **_date("decided_on", TODAY - days(2))}
            | _date("published_on", TODAY),
            "report_completed_on",
            "",
        ),
        ({**_date("report_completed_on", TODAY)}, "report_completed_on", "Only a review"),
        ({**_date("notified_on", TODAY + days(1))}, "notified_on", "today or in the past"),
        (
            {**_date("decided_on", TODAY - days(30)), "decision": "review"},
            "decided_on",
            "cannot come before the notification",
        ),
    ],
)
def test_the_form_says_what_is_wrong_and_saves_nothing(
    client, officer, review, changes, field, message
):
    client.force_login(officer)
    before = Review.objects.count()
    response = client.post(
        reverse("dhr:review_create", args=[review.partnership_id]), _form_data(**changes)
    )
    assert response.status_code == 200
    assert Review.objects.count() == before
    errors = response.context["form"].errors
    if field == "report_completed_on" and not message:
        assert "published_on" in errors  # published with no report, submission or approval
    else:
        assert message in " ".join(errors[field]), errors


def test_an_extension_goes_beyond_the_usual_date(client, officer, review):
    decided(review, on=TODAY - days(5))
    client.force_login(officer)
    data = _form_data(
        case_reference=review.case_reference,
        decision="review",
        **_date("notified_on", review.notified_on),
        **_date("decided_on", TODAY - days(5)),
        **_date("extended_to", add_months(TODAY - days(5), 6)),
        extension_reason="Awaiting the inquest",
        **{FIELD: version(review)},
    )
    response = client.post(reverse("dhr:review_edit", args=[review.pk]), data)
    assert response.status_code == 200
    assert "must go beyond the usual date" in " ".join(
        response.context["form"].errors["extended_to"]
    )


def test_an_officer_edits_a_review_and_its_history_says_what_changed(client, officer, review):
    panel = OrganisationFactory(name="Northshire Police")
    client.force_login(officer)
    data = _form_data(
        case_reference=review.case_reference,
        decision="review",
        **_date("notified_on", review.notified_on),
        **_date("decided_on", TODAY - days(2)),
        panel=[panel.pk],
        **{FIELD: version(review)},
    )
    response = client.post(reverse("dhr:review_edit", args=[review.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    review.refresh_from_db()
    assert review.decision == Review.Decision.REVIEW
    assert list(review.panel.all()) == [panel]
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Decision whether to hold a review" in page
    assert "Northshire Police" in page
    changed = [field for change in review.change_history() for field in change["fields"]]
    assert {"Decided on", "Decision whether to hold a review", "Panel"} <= set(changed)


# Recommendations and their actions ----------------------------------------------------


def test_a_recommendation_puts_a_confidential_action_in_the_boards_tracker(
    client, officer, review, board
):
    decided(review, on=TODAY - days(5))
    owner = PersonFactory()
    client.force_login(officer)
    url = reverse("dhr:recommendation_create", args=[review.pk])
    form = client.get(url).context["form"]
    assert form.initial["group"] == board.pk  # the board, to start with
    data = {
        "text": "Train staff in coercive control.",
        "action": "Commission training",
        "group": board.pk,
        "owner": owner.pk,
        **_date("due", TODAY + days(90)),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    recommendation = review.recommendations.get()
    action = recommendation.action
    assert (recommendation.number, action.group, action.owner) == (1, board, owner)
    assert (action.description, action.due, action.confidential) == (
        "Commission training",
        TODAY + days(90),
        True,
    )
    assert "Commission training" in client.get(review.get_absolute_url()).content.decode()


def test_a_recommendations_action_is_hidden_as_an_exempt_items_action_is(
    review, board, officer, chair, scrutiny_member, other_officer, admin_user
):
    decided(review, on=TODAY - days(5))
    action = _recommend(review, board).action
    for user in [officer, chair, admin_user]:
        assert action in Action.objects.visible_to(user), user
        assert action.is_visible_to(user)
    for user in [scrutiny_member, other_officer]:
        assert action not in Action.objects.visible_to(user), user
        assert not action.is_visible_to(user)
        assert action not in Action.objects.on_items_visible_to(user, group=board)
    assert action not in Action.objects.not_exempt()


def test_the_action_page_says_it_is_confidential(client, review, board, officer, scrutiny_member):
    decided(review, on=TODAY - days(5))
    action = _recommend(review, board).action
    client.force_login(officer)
    assert "Confidential" in client.get(action.get_absolute_url()).content.decode()
    client.force_login(scrutiny_member)
    assert client.get(action.get_absolute_url()).status_code == 404
    tracker = client.get(reverse("meetings:tracker", args=[board.pk])).content.decode()
    assert action.description not in tracker


def test_the_due_date_of_a_recommendation_is_today_or_later(client, officer, review, board):
    decided(review, on=TODAY - days(5))
    client.force_login(officer)
    data = {
        "text": "Train staff.",
        "action": "Commission training",
        "group": board.pk,
        "owner": PersonFactory().pk,
        **_date("due", TODAY - days(1)),
    }
    url = reverse("dhr:recommendation_create", args=[review.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert not review.recommendations.exists()
    assert "today or later" in " ".join(response.context["form"].errors["due"])


def test_a_group_of_another_partnership_is_refused(client, officer, review):
    decided(review, on=TODAY - days(5))
    elsewhere = GroupFactory(partnership=PartnershipFactory())
    client.force_login(officer)
    data = {
        "text": "Train staff.",
        "action": "Commission training",
        "group": elsewhere.pk,
        "owner": PersonFactory().pk,
        **_date("due", TODAY + days(1)),
    }
    response = client.post(reverse("dhr:recommendation_create", args=[review.pk]), data)
    assert response.status_code == 200
    assert "Choose a group of" in " ".join(response.context["form"].errors["group"])
    assert not Action.objects.exists()


# The register -------------------------------------------------------------------------


def test_the_register_lists_open_reviews_and_filters_the_late(client, officer, partnership):
    late = ReviewFactory(partnership=partnership, notified_on=TODAY - days(60))
    on_time = ReviewFactory(partnership=partnership, notified_on=TODAY - days(5))
    closed = decided(
        ReviewFactory(partnership=partnership, notified_on=TODAY - days(400)),
        on=TODAY - days(390),
        decision=Review.Decision.NO_REVIEW,
        reason="Not a domestic homicide",
    )
    closed.closed_on = TODAY - days(380)
    closed.save()
    client.force_login(officer)
    url = reverse("dhr:register", args=[partnership.pk])

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [r.case_reference for r in response.context["page"].object_list]

    assert listed() == [on_time.case_reference, late.case_reference]
    assert listed(late="yes") == [late.case_reference]
    assert listed(late="no") == [on_time.case_reference]
    assert listed(status="closed") == [closed.case_reference]
    assert listed(q=late.case_reference) == [late.case_reference]


def test_the_register_says_when_there_is_none(client, officer, partnership):
    client.force_login(officer)
    response = client.get(reverse("dhr:register", args=[partnership.pk]))
    assert "No open reviews are recorded." in response.content.decode()
    response = client.get(reverse("dhr:register", args=[partnership.pk]), {"late": "yes"})
    assert "No review matches these filters." in response.content.decode()


def test_the_register_downloads_as_csv_and_xlsx(client, officer, review, board):
    decided(review, on=TODAY - days(5))
    review.panel.add(OrganisationFactory(name="Northshire Police"))
    _recommend(review, board)
    client.force_login(officer)
    url = reverse("dhr:register", args=[review.partnership_id])
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Case reference"], row["Panel"], row["Recommendations"]) == (
        review.case_reference,
        "Northshire Police",
        "1",
    )
    assert row["Report due"] == add_months(TODAY - days(5), 6).isoformat()
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_no_one_else_downloads_the_register(client, review, scrutiny_member, other_officer):
    url = reverse("dhr:register", args=[review.partnership_id])
    for user in [scrutiny_member, other_officer]:
        client.force_login(user)
        response = client.get(url, {"format": "csv"})
        assert response.status_code == 403
        assert review.case_reference not in response.content.decode()


def test_the_register_reads_a_fixed_number_of_queries(
    client, officer, partnership, board, django_assert_num_queries
):
    decided(ReviewFactory(partnership=partnership), on=TODAY)
    client.force_login(officer)
    url = reverse("dhr:register", args=[partnership.pk])
    client.get(url)
    # session, user, partnership, the officer's partnerships (may they see? may they
    # change?), the reviews, their panels, their recommendations with their actions
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for _ in range(4):
        review = decided(ReviewFactory(partnership=partnership), on=TODAY)
        review.panel.add(OrganisationFactory())
        _recommend(review, board)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


# Never anywhere else ------------------------------------------------------------------


def test_a_review_is_not_found_by_search_even_by_those_who_see_it(client, officer, review):
    client.force_login(officer)
    response = client.get(reverse("search"), {"q": review.case_reference})
    assert response.status_code == 200
    assert review.get_absolute_url() not in response.content.decode()


@pytest.mark.parametrize("kind", ["tracker", "governance"])
def test_no_pdf_holds_the_review_and_only_the_entitled_copy_its_action(review, board, kind):
    decided(review, on=TODAY - days(5))
    review.case_reference = "Zq4CaseMarker"
    review.save()
    _recommend(review, board, action="Pb2ActionMarker commission training")
    subject = board if kind == "tracker" else review.partnership
    public, *_ = prepare(kind, subject, year=TODAY.year - 1, include_exempt=False)
    entitled, *_ = prepare(kind, subject, year=TODAY.year - 1, include_exempt=True)
    assert "Zq4CaseMarker" not in public + entitled
    assert "Pb2ActionMarker" not in public
    if kind == "tracker":
        assert "Pb2ActionMarker" in entitled


def test_the_register_flags_what_needs_attention_and_nothing_else(
    client, officer, partnership, board
):
    """The register's checks: a stage past its time limit and a recommendation whose
    action is past its due date, flagged; a review within its limits, none."""
    healthy = decided(ReviewFactory(partnership=partnership), on=TODAY - days(10))
    on_time = _recommend(healthy, board, due=TODAY + days(30))
    client.force_login(officer)
    url = reverse("dhr:register", args=[partnership.pk])
    page = client.get(url).content.decode()
    assert "Late</strong>" not in page and "overdue</strong>" not in page

    late = ReviewFactory(partnership=partnership, notified_on=TODAY - days(60))  # no decision
    Action.objects.filter(pk=on_time.action_id).update(due=TODAY - days(1))
    page = client.get(url).content.decode()
    assert page.count("Late</strong>") == 1 and late.case_reference in page
    assert "1 overdue</strong>" in page


def test_a_confidential_action_is_agreed_at_no_agenda_item(client, review, board, officer):
    """Its meeting's page and minutes list an item's actions to the item's readers: the
    edit form does not offer the item, and the database refuses one."""
    decided(review, on=TODAY - days(5))
    action = _recommend(review, board).action
    item = AgendaItemFactory(meeting__group=board)
    client.force_login(officer)
    url = reverse("meetings:action_edit", args=[action.pk])
    assert 'name="item"' not in client.get(url).content.decode()
    client.post(
        url,
        {
            "description": action.description,
            "owner": action.owner_id,
            "item": item.pk,
            FIELD: version(action),
        },
    )
    action.refresh_from_db()
    assert action.item_id is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(item=item)
