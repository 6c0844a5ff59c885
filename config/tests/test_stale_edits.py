"""No lost updates: two people load the same edit page; the first saves; the
second's save is refused with who changed what, their typed values are kept in
the form, and saving again (with the new version) goes through."""

import datetime
from html.parser import HTMLParser

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config import stale_edits
from config.periods import quarter_end
from funding.models import Allocation, Grant
from funding.tests.factories import AllocationFactory, BudgetFactory, GrantFactory
from meetings.links import action_link
from meetings.models import Action
from meetings.tests.factories import ActionFactory, MeetingFactory
from partnerships.models import Partnership
from partnerships.tests.factories import PersonFactory, UserFactory
from scrutiny.models import Recommendation
from scrutiny.tests.factories import RecommendationFactory, ReviewFactory
from strategy.forms import IndicatorForm, MilestoneForm, PlanForm
from strategy.models import Indicator, Milestone, Plan, Priority, PriorityUpdate

REFUSED = "Someone else changed this record while you were editing it: Jane Smith changed the "


class _Form(HTMLParser):
    """The fields a browser would send from the page's form with a CSRF token."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._option = {}, None, None, None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name not in ("csrfmiddlewaretoken", "submit"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "select":
            self._select, self._multiple = name, "multiple" in a
            if not self._multiple:
                self.data.setdefault(name, "")
        elif tag == "option" and self._select:
            self._option = a.get("value", "")
            if "selected" in a and self._multiple:
                self.data.setdefault(self._select, []).append(self._option)
            elif "selected" in a:
                self.data[self._select] = self._option
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.lstrip("\n") if not self.data[self._textarea] else data
            )


def loaded(client, url):
    """GET the edit page and return the data its form would post."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _Form()
    parser.feed(response.content.decode())
    assert stale_edits.FIELD in parser.data, "the page carries the version it shows"
    return parser.data


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def jane(partnership):
    return UserFactory(
        first_name="Jane", last_name="Smith", role="officer", partnerships=[partnership]
    )


@pytest.fixture
def omar(partnership):
    return UserFactory(
        first_name="Omar", last_name="Khan", role="officer", partnerships=[partnership]
    )


def _race(url, first_user, second_user, first_change, second_change):
    """Both load the page; the first saves; the second's save is refused.
    Returns the second's refused response and their client and data."""
    first, second = signed_in(first_user), signed_in(second_user)
    first_data, second_data = loaded(first, url), loaded(second, url)
    first_data.update(first_change)
    second_data.update(second_change)
    assert first.post(url, first_data).status_code == 302
    refused = second.post(url, second_data)
    return refused, second, second_data


def _assert_refused(refused, *phrases):
    assert refused.status_code == 409
    html = refused.content.decode()
    assert REFUSED in html
    assert "Your changes have not been saved." in html
    assert 'class="govuk-error-summary"' in html
    assert 'id="other-changes"' in html
    for phrase in phrases:
        assert phrase in html, (phrase, html[html.find("Someone else") :][:400])
    return html


def _resubmit(client, url, html, data):
    """Post again what the refused page holds: the new version, the user's values."""
    parser = _Form()
    parser.feed(html)
    assert parser.data[stale_edits.FIELD] != data[stale_edits.FIELD]
    data = {**data, stale_edits.FIELD: parser.data[stale_edits.FIELD]}
    return client.post(url, data)


def test_it_refuses_the_second_edit_of_a_partnership_and_keeps_what_was_typed(
    partnership, jane, omar
):
    url = reverse("partnerships:partnership_edit", args=[partnership.pk])

    refused, second, data = _race(
        url,
        jane,
        omar,
        {"area": "Northshire and the Isles", "notes": "Jane's notes"},
        {"notes": "Omar's notes"},
    )

    html = _assert_refused(
        refused, "Jane Smith changed the area and notes at", "Northshire and the Isles"
    )
    saved = Partnership.objects.get(pk=partnership.pk)
    assert (saved.area, saved.notes) == ("Northshire and the Isles", "Jane's notes")
    assert "Omar&#x27;s notes" in html  # what Omar typed is still in the form

    assert _resubmit(second, url, html, data).status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).notes == "Omar's notes"


def test_it_refuses_the_second_edit_of_an_action(board, jane, omar):
    action = ActionFactory(group=board, description="Map the hotspots")
    url = reverse("meetings:action_edit", args=[action.pk])

    refused, second, data = _race(
        url,
        jane,
        omar,
        {"description": "Map the hotspots by ward"},
        {"description": "Map the hotspots with the police"},
    )

    html = _assert_refused(
        refused, "Jane Smith changed the description", "Map the hotspots by ward"
    )
    assert Action.objects.get(pk=action.pk).description == "Map the hotspots by ward"
    assert "Map the hotspots with the police" in html
    assert _resubmit(second, url, html, data).status_code == 302
    assert Action.objects.get(pk=action.pk).description == "Map the hotspots with the police"


def test_saving_the_refused_page_again_keeps_the_other_change_it_did_not_touch(board, jane, omar):
    action = ActionFactory(
        group=board, description="Map the hotspots", due=datetime.date(2026, 12, 1)
    )
    url = reverse("meetings:action_edit", args=[action.pk])
    refused, second, _data = _race(
        url,
        jane,
        omar,
        {"due_0": "15", "due_1": "1", "due_2": "2027"},
        {"description": "Map the hotspots with the police", "due_0": "1"},
    )
    html = _assert_refused(refused, "Jane Smith changed the due")
    page = _Form()
    page.feed(html)
    # Omar left the due date alone: the page now shows Jane's; his description stays his.
    assert (page.data["due_0"], page.data["due_1"], page.data["due_2"]) == ("15", "1", "2027")
    assert page.data["description"] == "Map the hotspots with the police"
    assert second.post(url, page.data).status_code == 302
    saved = Action.objects.get(pk=action.pk)
    assert saved.due == datetime.date(2027, 1, 15)
    assert saved.description == "Map the hotspots with the police"


def test_when_both_change_the_same_field_the_page_keeps_the_users_value(board, jane, omar):
    action = ActionFactory(group=board, description="Map the hotspots")
    url = reverse("meetings:action_edit", args=[action.pk])
    refused, _second, _data = _race(
        url, jane, omar, {"description": "Jane's wording"}, {"description": "Omar's wording"}
    )
    page = _Form()
    page.feed(_assert_refused(refused, "Jane Smith changed the description"))
    assert page.data["description"] == "Omar's wording"
    assert Action.objects.get(pk=action.pk).description == "Jane's wording"


def test_it_refuses_the_second_update_of_an_action_status(board, jane, omar):
    action = ActionFactory(group=board)
    url = action.get_absolute_url()

    refused, second, data = _race(
        url,
        jane,
        omar,
        {"status": "done", "text": "Finished"},
        {"status": "dropped", "text": "No longer needed"},
    )

    html = _assert_refused(refused, "Jane Smith changed the status and completed on", "Done")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.updates.count() == 1
    assert "No longer needed" in html
    assert _resubmit(second, url, html, data).status_code == 302
    assert Action.objects.get(pk=action.pk).status == Action.Status.DROPPED


def test_it_refuses_the_second_edit_of_an_allocation(partnership, jane, omar):
    budget = BudgetFactory(holder=partnership, amount=10_000_00)
    allocation = AllocationFactory(budget=budget, amount=1_000_00)
    url = reverse("funding:allocation_edit", args=[allocation.pk])

    refused, second, data = _race(url, jane, omar, {"amount": "2000"}, {"amount": "3000"})

    html = _assert_refused(refused, "Jane Smith changed the amount", "£1,000", "£2,000")
    assert Allocation.objects.get(pk=allocation.pk).amount == 2_000_00
    assert 'value="3000"' in html
    assert _resubmit(second, url, html, data).status_code == 302
    assert Allocation.objects.get(pk=allocation.pk).amount == 3_000_00


def test_a_withdrawn_allocation_is_not_brought_back_by_an_edit_loaded_before(
    partnership, jane, omar
):
    budget = BudgetFactory(holder=partnership, amount=10_000_00)
    allocation = AllocationFactory(budget=budget, amount=1_000_00)
    url = reverse("funding:allocation_edit", args=[allocation.pk])
    second = signed_in(omar)
    data = loaded(second, url)

    withdraw = reverse("funding:allocation_withdraw", args=[allocation.pk])
    assert signed_in(jane).post(withdraw).status_code == 302
    # The edit page of a withdrawn allocation is gone; the history has the withdrawal.
    assert second.post(url, {**data, "amount": "3000"}).status_code == 404
    allocation.refresh_from_db()
    assert allocation.withdrawn_at is not None and allocation.amount == 1_000_00
    assert allocation.history.filter(withdrawn_at__isnull=False).count() == 1


def test_it_refuses_the_second_edit_of_a_grant(partnership, jane, omar):
    grant = GrantFactory(partnership=partnership, status=Grant.Status.APPROVED)
    url = reverse("funding:grant_edit", args=[grant.pk])

    refused, second, data = _race(
        url, jane, omar, {"status": "active"}, {"status": "withdrawn", "title": "Omar's title"}
    )

    html = _assert_refused(refused, "Jane Smith changed the status", "Approved", "Active")
    grant.refresh_from_db()
    assert grant.status == Grant.Status.ACTIVE
    assert grant.title != "Omar's title"
    assert "Omar&#x27;s title" in html
    assert _resubmit(second, url, html, data).status_code == 302
    assert Grant.objects.get(pk=grant.pk).status == Grant.Status.WITHDRAWN


def test_it_refuses_the_second_edit_of_a_recommendation(partnership):
    jane = UserFactory(first_name="Jane", last_name="Smith", role="scrutiny")
    omar = UserFactory(first_name="Omar", last_name="Khan", role="scrutiny")
    review = ReviewFactory(partnerships=[partnership], created_by=jane)
    review.members.create(name="Omar Khan", user=omar)
    recommendation = RecommendationFactory(review=review, text="Publish the plan")
    url = reverse("scrutiny:recommendation_edit", args=[review.pk, recommendation.pk])

    refused, second, data = _race(
        url, jane, omar, {"text": "Publish the plan by May"}, {"text": "Publish the plan online"}
    )

    html = _assert_refused(refused, "Jane Smith changed the text", "Publish the plan by May")
    assert Recommendation.objects.get(pk=recommendation.pk).text == "Publish the plan by May"
    assert "Publish the plan online" in html
    assert _resubmit(second, url, html, data).status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).text == "Publish the plan online"


def test_it_refuses_the_second_response_to_a_recommendation(partnership, jane, omar):
    review = ReviewFactory(partnerships=[partnership])
    recommendation = RecommendationFactory(review=review)
    url = reverse("scrutiny:recommendation_respond", args=[review.pk, recommendation.pk])

    refused, second, data = _race(
        url,
        jane,
        omar,
        {
            "response": "accepted",
            "response_date-day": "2",
            "response_date-month": "5",
            "response_date-year": "2026",
            "response_text": "Agreed by the board",
        },
        {
            "response": "rejected",
            "response_date-day": "3",
            "response_date-month": "5",
            "response_date-year": "2026",
            "response_text": "Not affordable",
        },
    )

    html = _assert_refused(refused, "Jane Smith changed the", "Agreed by the board")
    assert Recommendation.objects.get(pk=recommendation.pk).response == "accepted"
    assert "Not affordable" in html
    assert _resubmit(second, url, html, data).status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).response == "rejected"


def test_a_save_with_no_other_change_goes_through(partnership, jane):
    url = reverse("partnerships:partnership_edit", args=[partnership.pk])
    client = signed_in(jane)
    data = loaded(client, url)
    assert data[stale_edits.FIELD] == str(stale_edits.version(partnership))

    assert client.post(url, {**data, "notes": "First"}).status_code == 302
    data = loaded(client, url)
    assert client.post(url, {**data, "notes": "Second"}).status_code == 302

    assert Partnership.objects.get(pk=partnership.pk).notes == "Second"
    assert partnership.history.count() == 3  # created, then the two saves


# An edit that does not say which version it was made from ---------------------------

UNVERSIONED = "This form did not say which version of the record it was edited from"
NOTHING_SAVED = "so nothing was saved"


def _plan(partnership):
    return Plan.objects.create(
        partnership=partnership,
        title="Community Safety Plan",
        starts=datetime.date(2026, 4, 1),
        ends=datetime.date(2029, 3, 31),
    )


def _group_edit(board):
    url = reverse("partnerships:group_edit", args=[board.pk])
    return url, board, {"purpose": "Keep people safe"}, "purpose", "Keep people safe"


def _meeting_edit(board):
    meeting = MeetingFactory(group=board)
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    return url, meeting, {"place": "Town Hall"}, "place", "Town Hall"


def _action_edit(board):
    action = ActionFactory(group=board, description="Map the hotspots")
    url = reverse("meetings:action_edit", args=[action.pk])
    change = {"description": "Map the hotspots by ward"}
    return url, action, change, "description", "Map the hotspots by ward"


def _action_update(board):
    action = ActionFactory(group=board)
    change = {"status": "done", "text": "Finished"}
    return action.get_absolute_url(), action, change, "status", "done"


def _priority_edit(board):
    priority = Priority.objects.create(plan=_plan(board.partnership), title="Serious violence")
    url = reverse("strategy:priority_edit", args=[priority.pk])
    return url, priority, {"title": "Knife crime"}, "title", "Knife crime"


def _quarterly_update(board):
    priority = Priority.objects.create(plan=_plan(board.partnership), title="Serious violence")
    quarter = quarter_end(timezone.localdate())
    update = PriorityUpdate.objects.create(priority=priority, period_end=quarter, rag="amber")
    change = {"key_messages": "On track"}
    url = f"{priority.get_absolute_url()}?period_end={quarter.isoformat()}"  # its Change link
    return url, update, change, "key_messages", "On track"


def _grant_evaluation(board):
    grant = GrantFactory(partnership=board.partnership)
    url = reverse("funding:grant_evaluation", args=[grant.pk])
    change = {"evaluation_summary": "Fewer repeat calls"}
    return url, grant, change, "evaluation_summary", "Fewer repeat calls"


EDITS = {
    "group": _group_edit,
    "meeting": _meeting_edit,
    "action": _action_edit,
    "action update": _action_update,
    "grant evaluation": _grant_evaluation,
    "priority": _priority_edit,
    "quarterly update": _quarterly_update,
}


def _state(record, field):
    """The record's history length and the watched field, as stored."""
    fresh = type(record).objects.get(pk=record.pk)
    return fresh.history.count(), getattr(fresh, field)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_that_names_no_version_is_refused_and_nothing_is_saved(board, jane, edit):
    url, record, change, field, _value = edit(board)
    client = signed_in(jane)
    data = loaded(client, url)
    del data[stale_edits.FIELD]
    before = _state(record, field)

    refused = client.post(url, {**data, **change})

    assert refused.status_code == 409
    assert _state(record, field) == before
    html = refused.content.decode()
    assert UNVERSIONED in html and NOTHING_SAVED in html
    assert 'class="govuk-error-summary"' in html
    assert 'id="what-you-entered"' in html  # what the user sent, beside the record now
    page = _Form()
    page.feed(html)
    assert page.data[stale_edits.FIELD] == str(stale_edits.version(record))


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_from_an_old_version_is_refused_and_nothing_is_saved(board, jane, edit):
    url, record, change, field, _value = edit(board)
    client = signed_in(jane)
    data = loaded(client, url)
    type(record).objects.get(pk=record.pk).save()  # someone else saves it meanwhile
    before = _state(record, field)

    refused = client.post(url, {**data, **change})

    assert refused.status_code == 409
    assert _state(record, field) == before
    assert "Your changes have not been saved." in refused.content.decode()


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_from_the_current_version_is_saved(board, jane, edit):
    url, record, change, field, value = edit(board)
    client = signed_in(jane)
    data = loaded(client, url)

    assert client.post(url, {**data, **change}).status_code == 302
    assert _state(record, field)[1] == value


def test_a_mangled_version_is_refused_like_a_missing_one(board, jane):
    url = reverse("partnerships:group_edit", args=[board.pk])
    client = signed_in(jane)
    data = loaded(client, url)

    refused = client.post(url, {**data, stale_edits.FIELD: "latest", "purpose": "Mine"})

    assert refused.status_code == 409
    board.refresh_from_db()
    assert board.purpose != "Mine"
    assert UNVERSIONED in refused.content.decode()


def test_the_refused_page_shows_the_record_now_and_what_was_entered_beside_it(board, jane):
    action = ActionFactory(group=board, description="Map the hotspots")
    url = reverse("meetings:action_edit", args=[action.pk])
    client = signed_in(jane)
    data = loaded(client, url)
    del data[stale_edits.FIELD]
    Action.objects.filter(pk=action.pk).update(description="Map the hotspots with the police")

    html = client.post(url, {**data, "description": "Map the hotspots by ward"}).content.decode()

    page = _Form()
    page.feed(html)
    assert page.data["description"] == "Map the hotspots with the police"
    table = html[html.index('id="what-you-entered"') :]
    assert "Map the hotspots by ward" in table  # what was entered, to make the change again
    # Saving the page as it now stands goes through: it names the version it shows.
    assert client.post(url, page.data).status_code == 302


def test_the_owners_signed_link_refuses_an_update_that_names_no_version(board):
    owner = PersonFactory(name="Olu Owner")
    action = ActionFactory(group=board, owner=owner)
    url = action_link(owner)
    prefix = f"a{action.pk}"
    sent = {"action": action.pk, f"{prefix}-status": "done", f"{prefix}-text": "Mapped"}

    refused = Client().post(url, sent)

    assert refused.status_code == 409
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN and not action.updates.exists()
    assert UNVERSIONED in refused.content.decode()
    version = str(stale_edits.version(action))
    sent[f"{prefix}-{stale_edits.FIELD}"] = version
    assert Client().post(url, sent).status_code == 302
    assert Action.objects.get(pk=action.pk).status == Action.Status.DONE


def test_a_quarterly_update_recorded_while_the_page_was_open_is_not_overwritten(board, jane, omar):
    priority = Priority.objects.create(plan=_plan(board.partnership), title="Serious violence")
    url = priority.get_absolute_url()
    first, second = signed_in(jane), signed_in(omar)
    second_data = _Form()
    second_data.feed(second.get(url).content.decode())
    assert stale_edits.FIELD not in second_data.data  # no update yet: nothing to name

    quarter = second_data.data["period_end"]  # the quarter due, preselected
    assert (
        first.post(
            url, {"period_end": quarter, "rag": "green", "key_messages": "Jane's"}
        ).status_code
        == 302
    )
    refused = second.post(url, {**second_data.data, "rag": "red", "key_messages": "Omar's"})

    assert refused.status_code == 409
    update = priority.updates.get()
    assert (update.rag, update.key_messages) == ("green", "Jane's")
    html = refused.content.decode()
    page = _Form()
    page.feed(html)
    assert page.data["key_messages"] == "Jane's"  # the form now holds Jane's update
    saved = html[html.index("Quarterly updates") : html.index("Change the update for the quarter")]
    assert "Jane&#x27;s" in saved and "Omar&#x27;s" not in saved


def _plan_form(partnership):
    plan = _plan(partnership)
    data = {
        "kind": "partnership_plan",
        "title": "Safer Streets Plan",
        "starts_0": "1",
        "starts_1": "4",
        "starts_2": "2026",
        "ends_0": "31",
        "ends_1": "3",
        "ends_2": "2029",
    }
    return PlanForm, plan, {"partnership": partnership}, data, "title", "Safer Streets Plan"


def _milestone_form(partnership):
    priority = Priority.objects.create(plan=_plan(partnership), title="Serious violence")
    milestone = Milestone.objects.create(
        priority=priority, what="Pilot", due=datetime.date(2027, 1, 31)
    )
    data = {"what": "Pilot", "due_0": "31", "due_1": "1", "due_2": "2027"}
    data.update({"done_on_0": "15", "done_on_1": "1", "done_on_2": "2027"})
    return MilestoneForm, milestone, {}, data, "done_on", datetime.date(2027, 1, 15)


def _indicator_form(partnership):
    indicator = Indicator.objects.create(partnership=partnership, name="Knife crime")
    name = "Knife crime offences"
    data = {"name": name, "direction": "lower", "frequency": "quarterly"}
    return IndicatorForm, indicator, {"partnership": partnership}, data, "name", name


STRATEGY_FORMS = {"plan": _plan_form, "milestone": _milestone_form, "indicator": _indicator_form}


def _bound(form_class, record, kwargs, data, version=None):
    posted = QueryDict(mutable=True)
    posted.update(data)
    if version is not None:
        posted[stale_edits.FIELD] = str(version)
    form = form_class(posted, instance=record, **kwargs)
    assert form.is_valid(), form.errors
    return form


@pytest.mark.parametrize("make", STRATEGY_FORMS.values(), ids=STRATEGY_FORMS.keys())
def test_the_strategy_forms_refuse_an_edit_that_names_no_version_or_an_old_one(partnership, make):
    # Plans, milestones and indicators have no edit page yet: their forms carry the
    # check, so one cannot be added without it.
    form_class, record, kwargs, data, field, value = make(partnership)
    assert stale_edits.FIELD in form_class(instance=record, **kwargs).fields
    before = _state(record, field)

    unversioned = _bound(form_class, record, kwargs, data)
    assert not stale_edits.save_if_current(unversioned, unversioned.save)
    assert unversioned.refused and UNVERSIONED in str(unversioned.non_field_errors())
    assert _state(record, field) == before

    old = stale_edits.version(record)
    type(record).objects.get(pk=record.pk).save()  # someone else saves it meanwhile
    before = _state(record, field)
    stale = _bound(form_class, record, kwargs, data, version=old)
    assert not stale_edits.save_if_current(stale, stale.save)
    assert _state(record, field) == before

    current = _bound(form_class, record, kwargs, data, version=stale_edits.version(record))
    assert stale_edits.save_if_current(current, current.save)
    assert _state(record, field)[1] == value
