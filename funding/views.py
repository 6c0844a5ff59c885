"""Screens of the money: budgets and allocations, the needs-based formula,
grants and their returns, and the funding statement of a partnership."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from config import exports
from config.files import download
from config.pages import edit_page, form_page, paginate, posted, require
from config.periods import year_label, year_of
from config.spreadsheets import FORMATS, table_response
from funding import filters, forms, services, tables
from funding.models import (
    Allocation,
    AllocationFormula,
    Budget,
    FormulaValue,
    FundingStream,
    Grant,
    PortfolioArea,
)
from funding.money import pounds
from funding.statement import funding_statement
from partnerships.models import Partnership


def _changeable_partnerships(user):
    """The partnerships whose money this user may change: all for an admin, the
    supported ones for an officer, none for anyone else."""
    if user.is_admin:
        return Partnership.objects.order_by("name")
    if not user.is_officer:
        return Partnership.objects.none()
    return Partnership.objects.filter(pk__in=user.partnership_ids).order_by("name")


def _may_change_any(user):
    """Whether the user may change the money of at least one partnership (no query
    beyond the user's own partnerships)."""
    return user.is_admin or (user.is_officer and bool(user.partnership_ids))


def _get_budget_for_user(request, pk, perm="view"):
    budget = get_object_or_404(Budget.objects.select_related("stream__funder", "holder"), pk=pk)
    require(request, f"funding.{perm}_funding", budget.holder)
    return budget


def _get_formula_for_user(request, pk, perm="view"):
    formula = get_object_or_404(AllocationFormula.objects.select_related("holder"), pk=pk)
    require(request, f"funding.{perm}_funding", formula.holder)
    return formula


def _get_grant_for_user(request, pk, perm="view", queryset=None):
    queryset = Grant.objects.select_related("partnership") if queryset is None else queryset
    grant = get_object_or_404(queryset, pk=pk)
    require(request, f"funding.{perm}_funding", grant.partnership)
    return grant


# Budgets and streams --------------------------------------------------------------


@login_required
def funding_home(request):
    require(request, "funding.view_funding")
    filterset = filters.BudgetFilter(request.GET, queryset=Budget.objects.for_list())
    streams = FundingStream.objects.select_related("funder").order_by("name")
    page_tables = {
        "budgets": exports.Table("budgets", "Budgets", tables.BUDGETS, filterset.qs),
        "streams": exports.Table("funding-streams", "Funding streams", tables.STREAMS, streams),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    page = paginate(request, filterset.qs)
    return render(
        request,
        "funding/home.html",
        {
            "filter": filterset,
            "page": page,
            "tables": page_tables,
            "streams": streams,
            "portfolios": PortfolioArea.objects.select_related("funder"),
            "formulas": AllocationFormula.objects.select_related("holder")[:20],
            "can_change_streams": request.user.has_perm("funding.change_streams"),
            "can_add_budget": _may_change_any(request.user),
        },
    )


@login_required
def stream_create(request):
    require(request, "funding.change_streams")
    form = forms.StreamForm(posted(request)[0])
    return edit_page(
        request,
        form,
        save=lambda f: f.save(),
        title="Add a funding stream",
        back=reverse("funding:index"),
    )


@login_required
def stream_edit(request, pk):
    require(request, "funding.change_streams")
    stream = get_object_or_404(FundingStream, pk=pk)
    form = forms.StreamForm(posted(request)[0], instance=stream)
    return edit_page(
        request,
        form,
        save=lambda f: f.save(),
        title=f"Edit {stream}",
        back=reverse("funding:index"),
    )


@login_required
def portfolio_create(request):
    require(request, "funding.change_streams")
    form = forms.PortfolioForm(posted(request)[0])
    return edit_page(
        request,
        form,
        save=lambda f: f.save(),
        title="Add a portfolio area",
        back=reverse("funding:index"),
    )


@login_required
def budget_create(request):
    if not _may_change_any(request.user):
        raise PermissionDenied
    holders = _changeable_partnerships(request.user)
    initial = {"year": year_of(timezone.localdate()), "holder": request.GET.get("holder")}
    form = forms.BudgetForm(posted(request)[0], holders=holders, initial=initial)

    def save(form):
        require(request, "funding.change_funding", form.cleaned_data["holder"])
        return services.budget_save(budget=form.save(commit=False))

    return edit_page(request, form, save=save, title="Add a budget", back=reverse("funding:index"))


@login_required
def budget_detail(request, pk):
    budget = _get_budget_for_user(request, pk)
    allocations = list(
        budget.allocations.select_related("recipient_partnership", "formula").order_by(
            "withdrawn_at", "id"
        )
    )
    grants = list(budget.grants.select_related("provider").order_by("title"))
    committed = sum(a.amount for a in allocations if not a.withdrawn_at) + sum(
        g.amount for g in grants if g.status != Grant.Status.WITHDRAWN
    )
    subject = f"{budget.holder.name} {budget.stream.name} {budget.year_label}"
    page_tables = {
        "allocations": exports.Table(
            "allocations", "Allocations", tables.ALLOCATIONS, allocations, subject
        ),
        "grants": exports.Table(
            "grants", "Grants paid from this budget", tables.BUDGET_GRANTS, grants, subject
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "funding/budget_detail.html",
        {
            "budget": budget,
            "tables": page_tables,
            "allocations": allocations,
            "grants": grants,
            "committed": committed,
            "left": budget.amount - committed,
            "over": committed - budget.amount,
            "can_change": request.user.has_perm("funding.change_funding", budget.holder),
        },
    )


@login_required
def budget_edit(request, pk):
    budget = _get_budget_for_user(request, pk, "change")
    form = forms.BudgetForm(
        posted(request)[0], instance=budget, holders=_changeable_partnerships(request.user)
    )

    def save(form):
        require(request, "funding.change_funding", form.cleaned_data["holder"])
        return services.budget_save(budget=form.save(commit=False))

    return edit_page(
        request, form, save=save, title=f"Edit the budget {budget}", back=budget.get_absolute_url()
    )


@login_required
def allocation_create(request, pk):
    budget = _get_budget_for_user(request, pk, "change")
    form = forms.AllocationForm(posted(request)[0], budget=budget)

    def save(form):
        form.instance.budget = budget
        services.allocation_save(allocation=form.instance)
        return budget

    return edit_page(
        request,
        form,
        save=save,
        title="Allocate money",
        caption=f"{budget} – {pounds(budget.amount)}",
        back=budget.get_absolute_url(),
    )


@login_required
def allocation_edit(request, pk):
    allocation = get_object_or_404(Allocation.objects.current(), pk=pk)
    budget = _get_budget_for_user(request, allocation.budget_id, "change")
    form = forms.AllocationForm(posted(request)[0], instance=allocation, budget=budget)

    def save(form):
        services.allocation_save(allocation=form.instance)
        return budget

    return edit_page(
        request,
        form,
        save=save,
        title=f"Change the allocation to {allocation.recipient}",
        caption=str(budget),
        back=budget.get_absolute_url(),
    )


@login_required
@require_POST
def allocation_withdraw(request, pk):
    allocation = get_object_or_404(Allocation.objects.current(), pk=pk)
    budget = _get_budget_for_user(request, allocation.budget_id, "change")
    services.allocation_withdraw(allocation=allocation)
    messages.success(request, f"The allocation to {allocation.recipient} is withdrawn.")
    return redirect(budget)


# The needs-based formula -------------------------------------------------------------


@login_required
def formula_create(request, pk):
    holder = get_object_or_404(Partnership, pk=pk)
    require(request, "funding.change_funding", holder)
    form = forms.FormulaForm(posted(request)[0], initial={"year": year_of(timezone.localdate())})

    def save(form):
        year = form.cleaned_data["year"]
        form.instance.holder = holder
        form.instance.version = (
            AllocationFormula.objects.filter(holder=holder, year=year).count() + 1
        )
        return form.save()

    return edit_page(
        request,
        form,
        save=save,
        title="Start an allocation formula",
        caption=holder.name,
        back=reverse("funding:index"),
    )


def _recipient_key(obj):
    return (obj.recipient_partnership_id, obj.recipient_name.lower())


def _default_pot(formula, budgets):
    """The largest budget the holder has for the formula's year: the usual pot."""
    return max((b.amount for b in budgets), default=0)


@login_required
def formula_detail(request, pk):
    formula = _get_formula_for_user(request, pk)
    indicators, areas, values = formula.inputs()
    budgets = list(
        Budget.objects.filter(holder=formula.holder, year=formula.year).select_related("stream")
    )
    recorded = {}
    for allocation in (
        Allocation.objects.current()
        .filter(budget__holder=formula.holder, budget__year__in=[formula.year - 1, formula.year])
        .values("recipient_partnership_id", "recipient_name", "amount", "budget__year")
    ):
        key = (
            allocation["budget__year"],
            allocation["recipient_partnership_id"],
            allocation["recipient_name"].lower(),
        )
        recorded[key] = recorded.get(key, 0) + allocation["amount"]

    pot = _default_pot(formula, budgets)
    # The what-if reads the page's own query string, not the keys of a download.
    what_if = forms.WhatIfForm(exports.page_query(request) or None, indicators=indicators)
    problem = ""
    rows = []
    scenario = None
    try:
        if pot and areas:
            shares = formula.shares(indicators, areas, values)
            proposed = formula.propose(pot, indicators, areas, values)
            if what_if.is_bound and what_if.is_valid():
                scenario_pot = what_if.cleaned_data["pot"] or pot
                scenario = {
                    "pot": scenario_pot,
                    "amounts": formula.propose(
                        scenario_pot, indicators, areas, values, what_if.weights()
                    ),
                }
            for i, area in enumerate(areas):
                previous = recorded.get((formula.year - 1, *_recipient_key(area)))
                current = recorded.get((formula.year, *_recipient_key(area)))
                rows.append(
                    {
                        "area": area,
                        "share": float(shares[i] * 100),
                        "proposed": proposed[i],
                        "previous": previous,
                        "change": None if previous is None else proposed[i] - previous,
                        "recorded": current,
                        "what_if": scenario["amounts"][i] if scenario else None,
                        "what_if_change": scenario["amounts"][i] - proposed[i]
                        if scenario
                        else None,
                    }
                )
    except ValueError as error:
        problem = str(error)
    totals = {
        key: sum(r[key] for r in rows if r[key] is not None)
        for key in ("proposed", "previous", "recorded", "what_if")
    }
    grid = [(ind, [values.get((ind.pk, area.pk)) for area in areas]) for ind in indicators]
    total_row = {"area": None, "share": 100, "change": None, "what_if_change": None, **totals}
    page_tables = {
        "values": exports.Table(
            "formula-values",
            "Indicator values by area",
            tables.formula_values_columns(areas),
            grid if areas else [],
            str(formula),
        ),
        "split": exports.Table(
            "proposed-split",
            "Proposed split",
            tables.formula_split_columns(
                previous_label=year_label(formula.year - 1),
                year_label=formula.year_label,
                what_if=scenario is not None,
            ),
            [*rows, total_row] if rows else [],
            str(formula),
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    can_change = request.user.has_perm("funding.change_funding", formula.holder)
    return render(
        request,
        "funding/formula_detail.html",
        {
            "formula": formula,
            "indicators": indicators,
            "areas": areas,
            "grid": grid,
            "tables": page_tables,
            "pot": pot,
            "rows": rows,
            "totals": totals,
            "scenario": scenario,
            "what_if": what_if,
            "problem": problem,
            "previous_label": year_label(formula.year - 1),
            "can_change": can_change,
            "editable": can_change and formula.status == AllocationFormula.Status.DRAFT,
            "confirm_form": forms.ConfirmFormulaForm(formula=formula, initial={"pot": pot})
            if can_change and formula.status == AllocationFormula.Status.DRAFT
            else None,
        },
    )


def _get_draft_formula(request, pk):
    """The formula for a change, and whether it is still a draft (if not, a message says so)."""
    formula = _get_formula_for_user(request, pk, "change")
    if formula.status != AllocationFormula.Status.DRAFT:
        messages.error(request, "A confirmed formula cannot change: start a new version.")
        return formula, False
    return formula, True


@login_required
def formula_indicator_add(request, pk):
    formula, draft = _get_draft_formula(request, pk)
    if not draft:
        return redirect(formula)
    form = forms.FormulaIndicatorForm(
        posted(request)[0], formula=formula, initial={"weight": 1, "position": 1}
    )

    def save(form):
        form.instance.formula = formula
        form.save()
        return formula

    return edit_page(
        request,
        form,
        save=save,
        title="Add an indicator",
        caption=str(formula),
        back=formula.get_absolute_url(),
    )


@login_required
def formula_area_add(request, pk):
    formula, draft = _get_draft_formula(request, pk)
    if not draft:
        return redirect(formula)
    form = forms.FormulaAreaForm(
        posted(request)[0], formula=formula, initial={"position": formula.areas.count() + 1}
    )

    def save(form):
        form.instance.formula = formula
        form.save()
        return formula

    return edit_page(
        request,
        form,
        save=save,
        title="Add an area",
        caption=str(formula),
        back=formula.get_absolute_url(),
    )


@login_required
def formula_values(request, pk):
    formula, draft = _get_draft_formula(request, pk)
    if not draft:
        return redirect(formula)
    indicators, areas, values = formula.inputs()
    form = forms.FormulaValuesForm(
        posted(request)[0], indicators=indicators, areas=areas, values=values
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for name, ind, area in form.cells:
                value = form.cleaned_data[name]
                if value is None:
                    FormulaValue.objects.filter(indicator=ind, area=area).delete()
                else:
                    FormulaValue.objects.update_or_create(
                        indicator=ind, area=area, defaults={"value": value}
                    )
        messages.success(request, "Values saved.")
        return redirect(formula)
    return render(
        request,
        "funding/formula_values.html",
        {"formula": formula, "form": form, "indicators": indicators, "areas": areas},
    )


@login_required
def formula_confirm(request, pk):
    formula, draft = _get_draft_formula(request, pk)
    if not draft:
        return redirect(formula)
    form = forms.ConfirmFormulaForm(posted(request)[0], formula=formula)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.formula_confirm(
                formula=formula,
                budget=form.cleaned_data["budget"],
                pot=form.cleaned_data["pot"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{len(made)} allocations made from {form.cleaned_data['budget']}, "
                f"{pounds(sum(a.amount for a in made))} in all.",
            )
            return redirect(form.cleaned_data["budget"])
    return form_page(
        request,
        form,
        title="Confirm the allocations",
        caption=str(formula),
        back=formula.get_absolute_url(),
    )


@login_required
@require_POST
def formula_new_version(request, pk):
    formula = _get_formula_for_user(request, pk, "change")
    copy = services.formula_new_version(formula=formula, year=formula.year + 1)
    messages.success(request, f"{copy} started from {formula}.")
    return redirect(copy)


# Grants -------------------------------------------------------------------------------


@login_required
def grant_list(request):
    require(request, "funding.view_funding")
    filterset = filters.GrantFilter(request.GET, queryset=Grant.objects.for_list())
    today = timezone.localdate()

    def row(grant):
        return {
            "grant": grant,
            "returns": grant.returns_summary(on=today),
            "evaluation": grant.evaluation_state(today),
        }

    table = exports.Table("grants", "Grants", tables.GRANTS, lambda: map(row, filterset.qs))
    if file := exports.download(request, table):
        return file
    page = paginate(request, filterset.qs)
    return render(
        request,
        "funding/grant_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [row(g) for g in page],
            "table": table,
            "can_add": _may_change_any(request.user),
        },
    )


@login_required
def grant_create(request):
    if not _may_change_any(request.user):
        raise PermissionDenied
    partnerships = _changeable_partnerships(request.user)
    form = forms.GrantForm(posted(request)[0], partnerships=partnerships)

    def save(form):
        require(request, "funding.change_funding", form.cleaned_data["partnership"])
        return services.grant_save(
            grant=form.save(commit=False), co_funders=form.cleaned_data["co_funders"]
        )

    return edit_page(
        request, form, save=save, title="Record a grant", back=reverse("funding:grant_list")
    )


@login_required
def grant_detail(request, pk):
    grant = _get_grant_for_user(request, pk, queryset=Grant.objects.for_detail_page())
    today = timezone.localdate()
    schedule = list(grant.return_schedule(on=today))
    table = exports.Table(
        "monitoring-returns", "Monitoring returns", tables.RETURNS, schedule, grant.title
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "funding/grant_detail.html",
        {
            "grant": grant,
            "table": table,
            "schedule": schedule,
            "evaluation": grant.evaluation_state(today),
            "can_change": request.user.has_perm("funding.change_funding", grant.partnership),
        },
    )


@login_required
def grant_edit(request, pk):
    grant = _get_grant_for_user(request, pk, "change")
    partnerships = _changeable_partnerships(request.user)
    form = forms.GrantForm(posted(request)[0], instance=grant, partnerships=partnerships)

    def save(form):
        require(request, "funding.change_funding", form.cleaned_data["partnership"])
        return services.grant_save(
            grant=form.save(commit=False), co_funders=form.cleaned_data["co_funders"]
        )

    return edit_page(request, form, save=save, title=f"Edit {grant}", back=grant.get_absolute_url())


@login_required
def return_create(request, pk):
    grant = _get_grant_for_user(request, pk, "change")
    initial = {"received": timezone.localdate()}
    open_slots = [s for s in grant.return_schedule() if s["state"] in ("missing", "upcoming")]
    # The period a task named (?period_end=), if it is still open; else the first open.
    try:
        asked = parse_date(request.GET.get("period_end") or "")
    except ValueError:  # a date that does not exist: as if none were asked for
        asked = None
    due = next((s for s in open_slots if s["period_end"] == asked), None) or next(
        iter(open_slots), None
    )
    if not open_slots:
        messages.info(request, "Every return on this grant's schedule is recorded.")
        return redirect(grant)
    if due:
        initial["period_end"] = due["period_end"].isoformat()
    form = forms.ReturnForm(*posted(request), grant=grant, slots=open_slots, initial=initial)

    def save(form):
        form.instance.grant = grant
        form.instance.created_by = request.user
        form.save()
        return grant

    return edit_page(
        request,
        form,
        save=save,
        title="Record a monitoring return",
        caption=grant.title,
        back=grant.get_absolute_url(),
        multipart=True,
    )


@login_required
def grant_evaluation(request, pk):
    grant = _get_grant_for_user(request, pk, "change")
    form = forms.EvaluationForm(*posted(request), instance=grant)
    return edit_page(
        request,
        form,
        save=lambda f: f.save(),
        title="Evaluation",
        caption=grant.title,
        back=grant.get_absolute_url(),
        multipart=True,
    )


@login_required
def grant_document(request, pk, kind, return_pk=None):
    grant = _get_grant_for_user(request, pk)
    if kind == "evaluation":
        return download(grant.evaluation_file)
    if kind == "evidence":
        monitoring_return = get_object_or_404(grant.returns, pk=return_pk)
        return download(monitoring_return.evidence)
    raise Http404("No such document.")


# The funding statement -------------------------------------------------------------


def _statement_for(request, pk):
    holder = get_object_or_404(Partnership, pk=pk)
    require(request, "funding.view_funding", holder)
    years = list(
        Budget.objects.filter(holder=holder)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    wanted = request.GET.get("year", "")
    year = next((y for y in years if year_label(y) == wanted), years[0] if years else None)
    if wanted and year is not None and year_label(year) != wanted:
        messages.error(request, f"{holder} has no budget for {wanted}: showing {year_label(year)}.")
    statement = funding_statement(holder, year) if year is not None else None
    return holder, years, statement


@login_required
def statement(request, pk):
    holder, years, statement = _statement_for(request, pk)
    return render(
        request,
        "funding/statement.html",
        {
            "partnership": holder,
            "years": [year_label(y) for y in years],
            "statement": statement,
            "columns": statement.columns() if statement else [],
            "income": statement.table(statement.income) if statement else [],
            "expenditure": statement.table(statement.expenditure) if statement else [],
            "gaps": statement.gaps() if statement else [],
            "can_change": request.user.has_perm("funding.change_funding", holder),
        },
    )


@login_required
def statement_download(request, pk, fmt):
    if fmt not in FORMATS:
        raise Http404("The statement downloads as .csv or .xlsx.")
    holder, years, statement = _statement_for(request, pk)
    if statement is None:
        raise Http404("This partnership has no budgets.")
    filename = f"funding-statement-{holder.pk}-{year_label(statement.year).replace('/', '-')}"
    return table_response(
        filename,
        statement.export_headers(),
        statement.rows_for_export(),
        fmt,
        sheet="Funding statement",
    )
