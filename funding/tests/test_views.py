import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from config import stale_edits
from funding.models import Allocation, AllocationFormula, Budget, Grant, MonitoringReturn
from funding.tests.factories import (
    AllocationFactory,
    AllocationFormulaFactory,
    BudgetFactory,
    FormulaAreaFactory,
    FormulaIndicatorFactory,
    FundingStreamFactory,
    GrantFactory,
    MonitoringReturnFactory,
)
from partnerships.models import Partnership
from partnerships.tests.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def budget(partnership):
    return BudgetFactory(holder=partnership, year=2026, amount=50_000_00)


@pytest.fixture
def grant(partnership, budget):
    return GrantFactory(partnership=partnership, budget=budget, amount=10_000_00)


@pytest.fixture
def formula(partnership):
    formula = AllocationFormulaFactory(holder=partnership, year=2026)
    crime = FormulaIndicatorFactory(formula=formula, name="Recorded crime", weight=2)
    people = FormulaIndicatorFactory(formula=formula, name="Population", weight=1)
    north = FormulaAreaFactory(formula=formula, recipient_name="North")
    south = FormulaAreaFactory(formula=formula, recipient_name="South")
    for ind, area, value in [
        (crime, north, 300),
        (crime, south, 100),
        (people, north, 50),
        (people, south, 50),
    ]:
        ind.values.create(area=area, value=value)
    return formula


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-accounts")
    return Partnership.objects.get(name="Safer Communities Board")


# The funding statement ------------------------------------------------------------


def test_it_shows_table_1_line_by_line(client, demo, scrutiny_member):
    client.force_login(scrutiny_member)
    response = client.get(reverse("funding:statement", args=[demo.pk]), {"year": "2012/13"})
    assert response.status_code == 200
    html = response.content.decode()
    order = [
        "Community Safety Fund",
        "WCC Community Safety Grant Contribution",
        "Total income",
        "SCB Commissioning",
        "Drug and Alcohol Action Team",
        "WCC Community Safety Team",
        "Bromsgrove CSP",
        "Redditch CSP",
        "S Worcs CSP",
        "Wyre Forest CSP",
        "Total expenditure",
    ]
    positions = [html.index(label) for label in order]
    assert positions == sorted(positions)
    for figure in [
        "£575,000",
        "£544,338",
        "£132,000",
        "£707,000",
        "£644,338",
        "£269,882",
        "£124,735",
    ]:
        assert figure in html
    assert "2012/13 provisional" in html and "TBC" in html
    assert "add up to £707,753, £753 more than the income of £707,000" in html
    assert "In 2012/13 the lines recorded so far add up to £275,383, already £383 more" in html


def test_it_downloads_the_statement_as_csv_and_xlsx(client, demo, officer):
    client.force_login(officer)
    url = reverse("funding:statement_download", args=[demo.pk, "csv"])
    response = client.get(url, {"year": "2011/12"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2011-12.csv"')
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Section,Line,2010/11 (£),2011/12 (£)"
    assert "Income,Total income,707000.00,644338.00" in lines
    assert "Expenditure,S Worcs CSP,269882.00,238858.00" in lines

    url = reverse("funding:statement_download", args=[demo.pk, "xlsx"])
    book = load_workbook(io.BytesIO(client.get(url, {"year": "2011/12"}).content))
    rows = list(book.active.iter_rows(values_only=True))
    total = next(r for r in rows if r[1] == "Total income")
    assert float(total[3]) == 644338.0


def test_it_refuses_an_unknown_download_format(client, demo, officer):
    client.force_login(officer)
    url = reverse("funding:statement_download", args=[demo.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_it_says_when_the_year_asked_for_has_no_budget(client, demo, officer):
    client.force_login(officer)
    response = client.get(
        reverse("funding:statement", args=[demo.pk]), {"year": "1999/00"}, follow=True
    )
    assert "has no budget for 1999/00: showing 2012/13" in response.content.decode()


def test_it_shows_an_empty_statement_plainly(client, partnership, officer):
    client.force_login(officer)
    html = client.get(reverse("funding:statement", args=[partnership.pk])).content.decode()
    assert "has no budgets recorded" in html


# Who may see and change -------------------------------------------------------------


def _read_urls(partnership, budget, grant, formula):
    return [
        reverse("funding:index"),
        reverse("funding:grant_list"),
        grant.get_absolute_url(),
        budget.get_absolute_url(),
        formula.get_absolute_url(),
        reverse("funding:statement", args=[partnership.pk]),
    ]


def _change_urls(partnership, budget, grant, formula):
    return [
        reverse("funding:allocation_create", args=[budget.pk]),
        reverse("funding:budget_edit", args=[budget.pk]),
        reverse("funding:grant_edit", args=[grant.pk]),
        reverse("funding:return_create", args=[grant.pk]),
        reverse("funding:grant_evaluation", args=[grant.pk]),
        reverse("funding:formula_values", args=[formula.pk]),
        reverse("funding:formula_confirm", args=[formula.pk]),
        reverse("funding:formula_indicator_add", args=[formula.pk]),
        reverse("funding:formula_create", args=[partnership.pk]),
    ]


@pytest.mark.parametrize(
    "persona, reads, changes",
    [
        ("officer", 200, 200),
        ("admin_user", 200, 200),
        ("other_officer", 200, 403),
        ("scrutiny_member", 200, 403),
        ("chair", 200, 403),
        ("outsider", 403, 403),
    ],
)
def test_it_lets_each_role_do_only_what_it_may(
    client, request, partnership, budget, grant, formula, persona, reads, changes
):
    client.force_login(request.getfixturevalue(persona))
    for url in _read_urls(partnership, budget, grant, formula):
        assert client.get(url).status_code == reads, url
    for url in _change_urls(partnership, budget, grant, formula):
        assert client.get(url).status_code == changes, url


def test_it_sends_anonymous_visitors_to_sign_in(client, partnership, budget, grant, formula):
    for url in _read_urls(partnership, budget, grant, formula):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/"), url


@pytest.mark.parametrize("persona", ["scrutiny_member", "chair", "outsider"])
def test_it_offers_new_budgets_and_grants_only_to_officers_and_admins(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("funding:budget_create")).status_code == 403
    assert client.get(reverse("funding:grant_create")).status_code == 403


def test_an_officer_cannot_post_a_budget_for_another_partnership(
    client, other_officer, partnership
):
    client.force_login(other_officer)
    stream = FundingStreamFactory()
    response = client.post(
        reverse("funding:budget_create"),
        {
            "stream": stream.pk,
            "holder": partnership.pk,
            "year": "2026/27",
            "amount": "1000",
            "status": "confirmed",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Budget.objects.exists()


# Money in, money out ---------------------------------------------------------------


def test_it_allocates_from_a_budget(client, officer, budget):
    client.force_login(officer)
    response = client.post(
        reverse("funding:allocation_create", args=[budget.pk]),
        {"recipient_name": "Youth outreach", "amount": "£12,500.50", "notes": ""},
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    assert allocation.amount == 12_500_50 and allocation.budget == budget
    assert allocation.history.count() == 1


def test_it_refuses_an_allocation_beyond_the_budget_and_says_what_is_left(client, officer, budget):
    AllocationFactory(budget=budget, amount=45_000_00)
    client.force_login(officer)
    response = client.post(
        reverse("funding:allocation_create", args=[budget.pk]),
        {"recipient_name": "Too much", "amount": "5000.01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "more than the budget allows" in html and "£5,000 is left" in html
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize(
    "amount, message",
    [
        ("12,50x", "is not an amount in pounds"),
        ("10.555", "at most two decimal places"),
        ("-5", "cannot be negative"),
        ("", "Enter the amount"),
    ],
)
def test_it_explains_a_bad_amount(client, officer, budget, amount, message):
    client.force_login(officer)
    response = client.post(
        reverse("funding:allocation_create", args=[budget.pk]),
        {"recipient_name": "Service", "amount": amount},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Allocation.objects.exists()


def test_it_needs_a_recipient_and_refuses_a_second_allocation_to_the_same_one(
    client, officer, budget
):
    AllocationFactory(budget=budget, recipient_name="Youth outreach", amount=1_00)
    client.force_login(officer)
    url = reverse("funding:allocation_create", args=[budget.pk])
    html = client.post(url, {"amount": "10"}).content.decode()
    assert "Choose a partnership or name the service" in html
    html = client.post(url, {"recipient_name": "youth OUTREACH", "amount": "10"}).content.decode()
    assert "already has an allocation from this budget" in html
    assert Allocation.objects.count() == 1


def test_it_withdraws_an_allocation_which_then_no_longer_counts(client, officer, budget):
    allocation = AllocationFactory(budget=budget, amount=50_000_00)
    client.force_login(officer)
    assert (
        client.get(reverse("funding:allocation_withdraw", args=[allocation.pk])).status_code == 405
    )
    response = client.post(reverse("funding:allocation_withdraw", args=[allocation.pk]))
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.withdrawn_at is not None
    assert budget.committed_now() == 0


def test_it_refuses_a_budget_below_what_is_committed(client, officer, budget):
    AllocationFactory(budget=budget, amount=30_000_00)
    client.force_login(officer)
    response = client.post(
        reverse("funding:budget_edit", args=[budget.pk]),
        {
            "stream": budget.stream_id,
            "holder": budget.holder_id,
            "year": "2026/27",
            "amount": "20,000",
            "status": "confirmed",
            stale_edits.FIELD: stale_edits.version(budget),
        },
    )
    assert response.status_code == 200
    assert "£30,000 is already allocated or granted" in response.content.decode()
    budget.refresh_from_db()
    assert budget.amount == 50_000_00


def test_it_refuses_a_financial_year_written_wrongly(client, officer, partnership):
    client.force_login(officer)
    stream = FundingStreamFactory()
    response = client.post(
        reverse("funding:budget_create"),
        {
            "stream": stream.pk,
            "holder": partnership.pk,
            "year": "2026/28",
            "amount": "1",
            "status": "confirmed",
        },
    )
    assert "is not a financial year: write it like 2011/12" in response.content.decode()
    assert not Budget.objects.exists()


# The formula ------------------------------------------------------------------------


def test_it_proposes_a_split_and_compares_it_with_a_what_if(client, officer, formula, budget):
    client.force_login(officer)
    url = formula.get_absolute_url()
    html = client.get(url).content.decode()
    # Shares: North 2/3 x 3/4 + 1/3 x 1/2 = 2/3; South 1/3. Pot: the £50,000 budget.
    # 3,333,333.33p and 1,666,666.67p: the spare penny goes to South's larger remainder.
    assert "£33,333.33" in html and "£16,666.67" in html and "66.67%" in html
    html = client.get(url, {"pot": "90,000"}).content.decode()
    assert "£60,000" in html and "£30,000" in html and "What-if" in html
    html = client.get(url, {"pot": "lots"}).content.decode()
    assert "is not an amount in pounds" in html


def test_it_confirms_the_formula_into_allocations_once(client, officer, formula, budget):
    client.force_login(officer)
    url = reverse("funding:formula_confirm", args=[formula.pk])
    response = client.post(url, {"budget": budget.pk, "pot": "30,000"})
    assert response.status_code == 302
    amounts = dict(Allocation.objects.values_list("recipient_name", "amount"))
    assert amounts == {"North": 20_000_00, "South": 10_000_00}
    formula.refresh_from_db()
    assert formula.status == AllocationFormula.Status.CONFIRMED
    response = client.post(url, {"budget": budget.pk, "pot": "30,000"}, follow=True)
    assert "A confirmed formula cannot change" in response.content.decode()
    assert Allocation.objects.count() == 2


def test_it_refuses_to_confirm_more_than_the_budget_holds(client, officer, formula, budget):
    client.force_login(officer)
    response = client.post(
        reverse("funding:formula_confirm", args=[formula.pk]),
        {"budget": budget.pk, "pot": "50,000.01"},
    )
    assert "more than the budget allows" in response.content.decode()
    assert not Allocation.objects.exists()
    formula.refresh_from_db()
    assert formula.status == AllocationFormula.Status.DRAFT


def test_it_saves_the_values_grid_and_refuses_negative_values(client, officer, formula):
    client.force_login(officer)
    url = reverse("funding:formula_values", args=[formula.pk])
    form = client.get(url).context["form"]
    data = {name: "10" for name, _, _ in form.cells}
    first = form.cells[0][0]
    response = client.post(url, {**data, first: "-1"})
    assert "greater than or equal to 0" in response.content.decode()
    response = client.post(url, data)
    assert response.status_code == 302
    assert {v.value for v in formula.indicators.first().values.all()} == {10}


def test_it_starts_next_years_version(client, officer, formula):
    client.force_login(officer)
    response = client.post(reverse("funding:formula_new_version", args=[formula.pk]))
    copy = AllocationFormula.objects.get(year=2027)
    assert response.url == copy.get_absolute_url()
    assert copy.based_on == formula and copy.indicators.count() == 2


# Grants and returns ----------------------------------------------------------------


def _grant_form(partnership, **overrides):
    data = {
        "identifier": "360G-test-new",
        "title": "Street pastors",
        "description": "Night-time economy volunteers.",
        "partnership": partnership.pk,
        "funder": OrganisationFactory().pk,
        "provider": OrganisationFactory().pk,
        "amount": "7,500",
        "award_date_0": "1",
        "award_date_1": "4",
        "award_date_2": "2026",
        "planned_start_0": "1",
        "planned_start_1": "4",
        "planned_start_2": "2026",
        "planned_end_0": "31",
        "planned_end_1": "3",
        "planned_end_2": "2027",
        "status": "active",
        "returns_every": "3",
        "return_days": "30",
    }
    data.update(overrides)
    return data


def test_it_records_a_grant(client, officer, partnership, budget):
    client.force_login(officer)
    response = client.post(
        reverse("funding:grant_create"), _grant_form(partnership, budget=budget.pk)
    )
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert grant.amount == 7_500_00 and grant.budget == budget
    assert len(list(grant.return_schedule(on=datetime.date(2026, 4, 1)))) == 4


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"provider": ""}, "an awarded grant has a recipient"),
        ({"planned_end_2": "2025"}, "The planned end must be on or after the planned start"),
        ({"amount": "70,000"}, "more than the budget allows"),
        ({"identifier": "360G-test-taken"}, "already has the identifier"),
    ],
)
def test_it_refuses_a_grant_with_a_problem(
    client, officer, partnership, budget, overrides, message
):
    GrantFactory(identifier="360G-test-taken")
    client.force_login(officer)
    data = _grant_form(partnership, budget=budget.pk, **overrides)
    response = client.post(reverse("funding:grant_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Grant.objects.count() == 1


def test_it_records_a_return_with_its_evidence_and_refuses_a_second_for_the_period(
    client, officer, grant
):
    client.force_login(officer)
    url = reverse("funding:return_create", args=[grant.pk])
    data = {
        "period_end": "2024-06-30",
        "received_0": "20",
        "received_1": "7",
        "received_2": "2024",
        "outputs": "12 sessions",
        "rag": "green",
    }
    fake = SimpleUploadedFile("evidence.pdf", b"not a pdf at all")
    response = client.post(url, {**data, "evidence": fake})
    assert "not a real PDF" in response.content.decode()
    assert not MonitoringReturn.objects.exists()
    real = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4 evidence")
    assert client.post(url, {**data, "evidence": real}).status_code == 302
    monitoring_return = MonitoringReturn.objects.get()
    download = client.get(
        reverse("funding:evidence_download", args=[grant.pk, monitoring_return.pk])
    )
    assert download.status_code == 200
    response = client.post(url, data)
    assert "that one has a return already" in response.content.decode()
    assert MonitoringReturn.objects.count() == 1
    page = client.get(url).content.decode()
    assert 'value="2024-06-30"' not in page  # recorded: no longer offered
    assert 'value="2024-09-30"' in page


def test_a_return_is_for_a_period_of_the_schedule_only(client, officer, grant):
    """A return dated between two periods would leave the period it covers missing."""
    client.force_login(officer)
    url = reverse("funding:return_create", args=[grant.pk])
    data = {
        "period_end": "2024-09-15",
        "received_0": "20",
        "received_1": "9",
        "received_2": "2024",
        "outputs": "Sessions",
        "rag": "green",
    }
    response = client.post(url, data)
    assert "Choose one of the periods listed" in response.content.decode()
    assert not MonitoringReturn.objects.exists()


def test_a_grant_with_every_return_in_says_so(client, officer, grant):
    for end in ("2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"):
        MonitoringReturnFactory(grant=grant, period_end=datetime.date.fromisoformat(end))
    client.force_login(officer)
    response = client.get(reverse("funding:return_create", args=[grant.pk]), follow=True)
    assert "Every return on this grant&#x27;s schedule is recorded." in response.content.decode()


def test_it_shows_late_and_missing_returns(client, scrutiny_member, grant):
    MonitoringReturnFactory(
        grant=grant, period_end=datetime.date(2024, 6, 30), received=datetime.date(2024, 9, 1)
    )
    client.force_login(scrutiny_member)
    html = client.get(grant.get_absolute_url()).content.decode()
    assert html.count(">Late<") == 1 and html.count(">Missing<") == 3
    html = client.get(reverse("funding:grant_list")).content.decode()
    assert "3 missing" in html and "1 late" in html


# Queries stay flat as rows grow ----------------------------------------------------


def _grow(partnership, budget, formula):
    for _ in range(6):
        grant = GrantFactory(partnership=partnership, budget=budget, amount=1_00)
        MonitoringReturnFactory(grant=grant)
        AllocationFactory(budget=budget, amount=1_00)
        BudgetFactory(holder=partnership, year=2025, stream=FundingStreamFactory())
        FormulaAreaFactory(formula=formula)


@pytest.mark.parametrize(
    "page, queries",
    [
        # session, user; budgets (count, page); the officer's partnerships; the filter's
        # partnerships; formulas; streams; portfolios
        ("index", 9),
        # session, user; grants (count, page); returns prefetch; the officer's
        # partnerships; the filter's partnerships and portfolios
        ("grants", 8),
        # session, user; grant with its links; co-funders; returns; the officer's
        # partnerships; where its facts come from (a demo record's source)
        ("grant", 7),
        # session, user; budget; allocations; grants; the officer's partnerships
        ("budget", 6),
        # session, user; formula; indicators; areas; values; budgets; recorded
        # allocations; the officer's partnerships
        ("formula", 9),
        # session, user; partnership; years; budgets; allocations; grants; the
        # officer's partnerships
        ("statement", 8),
    ],
)
def test_it_runs_the_same_number_of_queries_however_many_rows(
    client, officer, partnership, budget, grant, formula, django_assert_num_queries, page, queries
):
    url = {
        "index": reverse("funding:index"),
        "grants": reverse("funding:grant_list"),
        "grant": grant.get_absolute_url(),
        "budget": budget.get_absolute_url(),
        "formula": formula.get_absolute_url(),
        "statement": reverse("funding:statement", args=[partnership.pk]),
    }[page]
    client.force_login(officer)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _grow(partnership, budget, formula)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@override_settings(GRANT_ID_PREFIX="360G-example-borough")
def test_a_grant_left_without_an_identifier_is_given_the_next_of_the_councils_prefix(
    client, officer, partnership, budget
):
    GrantFactory(identifier="360G-example-borough-2026-006")
    client.force_login(officer)
    for expected in ("360G-example-borough-2026-007", "360G-example-borough-2026-008"):
        data = _grant_form(partnership, budget=budget.pk, identifier="", amount="1,000")
        response = client.post(reverse("funding:grant_create"), data, follow=True)
        assert Grant.objects.filter(identifier=expected).exists()
        assert "Grant “Street pastors” saved." in response.content.decode()


def test_an_award_after_the_planned_start_is_saved_only_once_confirmed(
    client, officer, partnership, budget
):
    client.force_login(officer)
    url = reverse("funding:grant_create")
    late = _grant_form(partnership, budget=budget.pk, award_date_0="15", award_date_1="7")
    page = client.post(url, late).content.decode()
    assert "The award date (15 July 2026) is after the planned start (1 April 2026)" in page
    assert 'name="confirm_late_award"' in page
    assert not Grant.objects.exists()
    assert client.post(url, {**late, "confirm_late_award": "on"}).status_code == 302
    grant = Grant.objects.get()
    # The quarter that ended before the award expects no return.
    ends = [slot["period_end"] for slot in grant.return_schedule(on=datetime.date(2027, 6, 1))]
    assert ends == [
        datetime.date(2026, 9, 30),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 3, 31),
    ]
    # Saved again with the same dates, it is not asked again.
    edit = {
        **late,
        "identifier": grant.identifier,
        "title": "Street pastors (night-time)",
        stale_edits.FIELD: stale_edits.version(grant),
    }
    response = client.post(reverse("funding:grant_edit", args=[grant.pk]), edit)
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.title == "Street pastors (night-time)"
