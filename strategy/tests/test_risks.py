"""The risk register: scores and bands, reviews and their movement, the forms'
messages, the register page with its heat map and downloads, and the detail page."""

import csv
import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from meetings.models import Action
from meetings.tests.factories import ActionFactory
from partnerships.tests.factories import GroupFactory, PartnershipFactory, PersonFactory
from strategy.forms import RiskForm, RiskReviewForm
from strategy.models import Risk, RiskReview, band, band_range, movement
from strategy.risk_map import risk_heat_map
from strategy.tests.factories import PriorityFactory, RiskFactory

TODAY = timezone.localdate()


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def risk(partnership):
    return RiskFactory(partnership=partnership, title="Treatment contract lost")


def _form_data(**changes):
    data = {
        "title": "Loss of the drug treatment contract",
        "category": Risk.Category.DELIVERY,
        "cause": "The provider's contract ends in March.",
        "effect": "Referrals from the drugs priority stop.",
        "inherent_likelihood": "4",
        "inherent_impact": "5",
        "controls": "Extension negotiated with the commissioner.",
        "residual_likelihood": "3",
        "residual_impact": "4",
        "review_due_0": str(TODAY.day),
        "review_due_1": str(TODAY.month),
        "review_due_2": str(TODAY.year + 1),
    }
    data.update(changes)
    return data


# Scores, bands and movement -----------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [(1, "low"), (4, "low"), (5, "medium"), (9, "medium"), (10, "high"), (14, "high")]
    + [(15, "very_high"), (25, "very_high")],
)
def test_it_bands_a_score_by_the_rule_it_states(score, expected):
    assert band(score) == expected
    lowest, highest = band_range(expected)
    assert lowest <= score <= highest


def test_it_scores_likelihood_times_impact(risk):
    assert (risk.inherent, risk.residual) == (16, 9)
    assert (risk.inherent_band, risk.residual_band) == ("very_high", "medium")


def test_it_says_how_a_score_moved():
    assert [movement(None, 9), movement(9, 12), movement(12, 6), movement(6, 6)] == [
        None,
        "up",
        "down",
        "same",
    ]


@pytest.mark.parametrize(
    "field", ["inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"]
)
def test_the_database_refuses_a_score_outside_one_to_five(risk, field):
    for value in (0, 6):
        with pytest.raises(IntegrityError), transaction.atomic():
            Risk.objects.filter(pk=risk.pk).update(**{field: value})


def test_the_database_refuses_two_reviews_of_a_risk_on_one_day(risk):
    RiskReview.objects.create(risk=risk, reviewed_on=TODAY, likelihood=3, impact=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskReview.objects.create(risk=risk, reviewed_on=TODAY, likelihood=2, impact=3)


def test_a_review_moves_the_residual_score_and_the_next_review(risk, officer):
    risk.record_review(
        reviewed_on=TODAY - days(90),
        likelihood=4,
        impact=3,
        note="Provider gave notice.",
        next_review_due=TODAY - days(1),
        by=officer,
    )
    risk.record_review(
        reviewed_on=TODAY,
        likelihood=2,
        impact=3,
        note="",
        next_review_due=TODAY + days(91),
        by=officer,
    )
    risk.record_review(
        reviewed_on=TODAY - days(30),
        likelihood=2,
        impact=3,
        note="",
        next_review_due=TODAY + days(91),
        by=officer,
    )
    risk.refresh_from_db()
    assert (risk.residual_likelihood, risk.residual_impact) == (2, 3)
    fresh = Risk.objects.for_detail_page().get(pk=risk.pk)
    moved = [(r.reviewed_on, m) for r, m in fresh.reviews_with_movement()]
    assert moved == [(TODAY, "same"), (TODAY - days(30), "down"), (TODAY - days(90), None)]
    assert fresh.latest_movement() == "same"
    assert fresh.last_reviewed == TODAY


# The forms' messages ------------------------------------------------------------------


def test_the_form_refuses_a_group_or_priority_of_another_partnership(partnership):
    other = PartnershipFactory(name="Elsewhere CSP")
    their_group = GroupFactory(partnership=other)
    their_priority = PriorityFactory(plan__partnership=other)
    form = RiskForm(
        _form_data(group=str(their_group.pk), priorities=[str(their_priority.pk)]),
        partnership=partnership,
    )
    assert not form.is_valid()
    assert form.errors["group"] == [f"Choose a group of {partnership}, or the whole partnership"]
    assert form.errors["priorities"] == [f"Choose priorities of {partnership}'s own plans"]


def test_the_form_takes_its_own_partnerships_group_priorities_and_actions(partnership, board):
    priority = PriorityFactory(plan__partnership=partnership)
    action = ActionFactory(group=board)
    form = RiskForm(
        _form_data(group=str(board.pk), priorities=[str(priority.pk)], actions=[str(action.pk)]),
        partnership=partnership,
    )
    assert form.is_valid(), form.errors
    risk = form.save()
    assert risk.partnership == partnership
    assert list(risk.priorities.all()) == [priority]
    assert list(risk.actions.all()) == [action]


def test_the_form_refuses_a_score_outside_one_to_five_and_says_what_is_missing(partnership):
    form = RiskForm(
        _form_data(inherent_likelihood="6", residual_impact="", cause=""), partnership=partnership
    )
    assert not form.is_valid()
    assert "6 is not one of the available choices" in form.errors["inherent_likelihood"][0]
    assert form.errors["residual_impact"] == ["Select the impact with controls"]
    assert form.errors["cause"] == ["Enter the cause"]


def test_a_review_cannot_be_in_the_future_or_twice_on_a_day_or_due_before_itself(risk):
    RiskReview.objects.create(risk=risk, reviewed_on=TODAY - days(1), likelihood=3, impact=3)

    def data(on, due):
        return {
            "reviewed_on_0": on.day,
            "reviewed_on_1": on.month,
            "reviewed_on_2": on.year,
            "likelihood": "3",
            "impact": "3",
            "next_review_due_0": due.day,
            "next_review_due_1": due.month,
            "next_review_due_2": due.year,
        }

    future = RiskReviewForm(data(TODAY + days(1), TODAY + days(90)), risk=risk)
    assert future.errors["reviewed_on"] == ["The date of the review must be today or in the past."]
    twice = RiskReviewForm(data(TODAY - days(1), TODAY + days(90)), risk=risk)
    assert "already has a review" in twice.errors["reviewed_on"][0]
    backwards = RiskReviewForm(data(TODAY, TODAY), risk=risk)
    assert backwards.errors["next_review_due"] == ["The next review must be after this one."]


# The pages --------------------------------------------------------------------------


def test_an_officer_adds_a_risk_and_it_is_in_its_history(client, officer, partnership):
    client.force_login(officer)
    response = client.post(reverse("strategy:risk_create", args=[partnership.pk]), _form_data())
    assert response.status_code == 302
    risk = Risk.objects.get(partnership=partnership)
    assert response.url == risk.get_absolute_url()
    assert (risk.inherent, risk.residual) == (20, 12)
    assert risk.history.get().history_user == officer

    html = client.get(risk.get_absolute_url()).content.decode()
    assert "Loss of the drug treatment contract" in html
    assert "20 Very high" in html and "12 High" in html
    assert "created" in html


def test_an_officer_records_a_review_and_sees_the_movement(client, officer, risk):
    client.force_login(officer)
    RiskReview.objects.create(risk=risk, reviewed_on=TODAY - days(91), likelihood=3, impact=3)
    due = TODAY + days(91)
    response = client.post(
        reverse("strategy:risk_review_create", args=[risk.pk]),
        {
            "reviewed_on_0": TODAY.day,
            "reviewed_on_1": TODAY.month,
            "reviewed_on_2": TODAY.year,
            "likelihood": "4",
            "impact": "4",
            "note": "Provider gave notice.",
            "next_review_due_0": due.day,
            "next_review_due_1": due.month,
            "next_review_due_2": due.year,
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.residual, risk.review_due) == (16, due)
    html = client.get(risk.get_absolute_url()).content.decode()
    assert "4 × 4 = 16" in html and "Up" in html and "First review" in html


def test_a_reader_sees_the_register_but_may_not_add_a_risk(client, scrutiny_member, risk):
    client.force_login(scrutiny_member)
    html = client.get(reverse("strategy:risk_register", args=[risk.partnership_id])).content
    assert risk.title in html.decode() and "Add a risk" not in html.decode()
    response = client.post(
        reverse("strategy:risk_create", args=[risk.partnership_id]), _form_data()
    )
    assert response.status_code == 403
    assert Risk.objects.count() == 1


def test_the_register_shows_open_risks_with_a_heat_map_and_filters(client, officer, partnership):
    RiskFactory(
        partnership=partnership, title="Very high one", residual_likelihood=5, residual_impact=4
    )
    RiskFactory(partnership=partnership, title="Low one", residual_likelihood=1, residual_impact=2)
    RiskFactory(partnership=partnership, title="Closed one", closed_on=TODAY)
    client.force_login(officer)
    url = reverse("strategy:risk_register", args=[partnership.pk])

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Very high one" in html and "Low one" in html and "Closed one" not in html
    assert html.index("Very high one") < html.index("Low one")  # highest score first
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img"' in html
    assert "The figures in the heat map" in html

    html = client.get(url, {"band": "very_high"}).content.decode()
    assert "Very high one" in html and "Low one" not in html
    html = client.get(url, {"status": "closed"}).content.decode()
    assert "Closed one" in html and "Low one" not in html


def test_the_register_says_when_there_are_no_risks(client, officer, partnership):
    client.force_login(officer)
    html = client.get(reverse("strategy:risk_register", args=[partnership.pk])).content.decode()
    assert "No open risks are recorded." in html
    assert "<svg" not in html


def test_the_register_downloads_as_csv_and_xlsx(client, officer, risk):
    risk.priorities.add(PriorityFactory(plan__partnership=risk.partnership, title="Drugs"))
    client.force_login(officer)
    url = reverse("strategy:risk_register", args=[risk.partnership_id])
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert (row["Risk"], row["Residual score"], row["Residual band"]) == (risk.title, "9", "Medium")
    assert row["Priorities"] == "Drugs"
    response = client.get(url, {"format": "xlsx", "table": "risk-heat-map"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_the_heat_map_counts_each_risk_in_its_cell(partnership):
    risks = [
        RiskFactory(partnership=partnership, residual_likelihood=5, residual_impact=4),
        RiskFactory(partnership=partnership, residual_likelihood=5, residual_impact=4),
        RiskFactory(partnership=partnership, residual_likelihood=1, residual_impact=1),
    ]
    heat = risk_heat_map(risks)
    assert heat["total"] == 3
    assert heat["rows"][0]["likelihood"].startswith("5")
    assert heat["rows"][0]["counts"] == [0, 0, 0, 2, 0]
    assert heat["rows"][-1]["counts"] == [1, 0, 0, 0, 0]
    assert ">2</text>" in heat["svg"]


def test_the_detail_page_shows_only_the_actions_a_reader_may_see(client, scrutiny_member, risk):
    board = GroupFactory(partnership=risk.partnership)
    risk.actions.add(ActionFactory(group=board, description="Re-tender the service"))
    client.force_login(scrutiny_member)
    html = client.get(risk.get_absolute_url()).content.decode()
    assert "Re-tender the service" in html
    assert Action.objects.visible_to(scrutiny_member).count() == 1


def test_the_register_runs_the_same_queries_however_many_risks(
    client, officer, partnership, django_assert_num_queries
):
    owner = PersonFactory()
    RiskFactory(partnership=partnership, owner=owner, group=GroupFactory(partnership=partnership))
    client.force_login(officer)
    url = reverse("strategy:risk_register", args=[partnership.pk])
    client.get(url)
    # session, user, partnership, the risks with their scores, their priorities, their
    # reviews, the officer's partnerships (may they change?), the filter's groups and owners
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    for _ in range(5):
        RiskFactory(
            partnership=partnership,
            owner=PersonFactory(),
            group=GroupFactory(partnership=partnership),
        )
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
