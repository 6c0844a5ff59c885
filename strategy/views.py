"""Screens of a partnership's strategy: priorities, their updates, indicators; and
its risk register."""

import copy
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from config import exports, stale_edits
from config.charts import line_chart
from config.files import download
from config.imports import ImportFailed
from config.pages import edit_page, paginate, posted, require
from meetings.models import Action
from partnerships.views import get_partnership_for_user
from strategy import tables
from strategy.county import agreement_standing
from strategy.filters import RiskFilter
from strategy.forms import (
    AssessmentForm,
    IndicatorForm,
    MilestoneForm,
    PlanForm,
    PriorityForm,
    PriorityUpdateForm,
    RiskForm,
    RiskReviewForm,
    TargetForm,
    ValuesUploadForm,
)
from strategy.indicator_values import load_indicator_values
from strategy.models import (
    Indicator,
    IndicatorTarget,
    Plan,
    Priority,
    PriorityUpdate,
    Risk,
    StrategicAssessment,
)
from strategy.risk_map import BAND_KEY, HEAT_MAP, risk_heat_map


@login_required
def strategy(request, pk):
    partnership = get_partnership_for_user(request, pk)
    today = timezone.localdate()
    plans = list(
        Plan.objects.filter(partnership=partnership)
        .select_related("assessment")
        .order_by("-starts")
    )
    priorities = list(Priority.objects.filter(plan__partnership=partnership).for_strategy_page())
    rows = [
        {
            "priority": p,
            "flags": p.flags(on=today),
            "latest": p.latest_update(),
            "milestones_due": [
                m for m in p.milestones.all() if not m.done_on and (m.due - today).days <= 90
            ],
        }
        for p in priorities
    ]
    by_plan = [(plan, [r for r in rows if r["priority"].plan_id == plan.pk]) for plan in plans]
    indicators = list(
        Indicator.objects.filter(partnership=partnership).select_related("source").order_by("name")
    )
    page_tables = {
        "priorities": exports.Table(
            "priorities",
            "Priorities of every plan",
            tables.PRIORITIES,
            [row for _, plan_rows in by_plan for row in plan_rows],
            partnership.name,
        ),
        "indicators": exports.Table(
            "indicators", "Performance indicators", tables.INDICATORS, indicators, partnership.name
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "strategy/strategy.html",
        {
            "partnership": partnership,
            "plans": by_plan,
            "tables": page_tables,
            "indicators": indicators,
            "assessments": StrategicAssessment.objects.filter(partnership=partnership)
            .select_related("author")
            .prefetch_related("plans"),
            "today": today,
            "flagged": sum(1 for r in rows if r["flags"]),
            "can_change": request.user.has_perm("partnerships.change_partnership", partnership),
        },
    )


def _chosen_quarter(request, quarters):
    """The quarter the form is for: posted, or asked for in the address (the link
    to change a saved update); None when it names none of the plan's."""
    text = request.POST.get("period_end") or request.GET.get("period_end") or ""
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return day if day in quarters else None


@login_required
def agreement_dashboard(request, pk):
    """The county dashboard of a Community Safety Agreement: its priorities against
    the district partnerships, each cell the RAG of their priorities serving it."""
    plan = get_object_or_404(
        Plan.objects.select_related("partnership", "assessment"), pk=pk, kind=Plan.Kind.AGREEMENT
    )
    require(request, "partnerships.view_partnership", plan.partnership)
    standing = agreement_standing(plan)
    table = exports.Table(
        "agreement",
        f"The priorities of {plan.title} and the district partnerships serving them",
        tables.AGREEMENT,
        [
            (row.priority, district.partnership, serving)
            for row in standing["rows"]
            for district, cell in zip(standing["districts"], row.cells, strict=True)
            for serving in cell
        ]
        + [(priority, None, None) for priority in standing["unserved"]],
        plan.partnership.name,
    )
    if file := exports.download(request, table):
        return file
    return render(
        request,
        "strategy/agreement_dashboard.html",
        {
            "plan": plan,
            "partnership": plan.partnership,
            "table": table,
            **standing,
        },
    )


@login_required
def priority_detail(request, pk):
    priority = get_object_or_404(
        Priority.objects.for_strategy_page()
        .select_related("plan__partnership", "plan__assessment")
        # Actions raised on an exempt item only for those entitled to it, as the tracker.
        .prefetch_related(
            Prefetch(
                "actions", queryset=Action.objects.visible_to(request.user).select_related("group")
            ),
        ),
        pk=pk,
    )
    partnership = priority.plan.partnership
    require(request, "partnerships.view_partnership", partnership)
    if priority.plan.is_agreement:  # the district priorities serving it
        prefetch_related_objects(
            [priority],
            Prefetch("served_by", queryset=Priority.objects.select_related("plan__partnership")),
        )
    can_change = request.user.has_perm("partnerships.change_partnership", partnership)
    quarters = priority.plan.quarter_ends(upto=timezone.localdate())
    updated = {u.period_end: u for u in priority.updates.all()}
    period_end = _chosen_quarter(request, quarters) or priority.next_update_period(
        timezone.localdate()
    )
    # The chosen quarter's update once there is one: the form edits it, and carries its
    # version. A copy, so what a refused save typed into it is not shown among the saved.
    this_quarter = updated.get(period_end)
    form = PriorityUpdateForm(
        *posted(request)[:1],
        instance=copy.copy(this_quarter),
        initial={"period_end": period_end.isoformat()},
        quarters=quarters,
        updated=updated,
    )
    milestones = exports.Table(
        "milestones", "Delivery plan", tables.MILESTONES, priority.milestones.all(), priority.title
    )
    if file := exports.download(request, milestones):
        return file

    def save():
        chosen = form.cleaned_data["period_end"]
        PriorityUpdate.objects.update_or_create(
            priority=priority,
            period_end=chosen,
            defaults={
                **{name: form.cleaned_data[name] for name in PriorityUpdateForm.Meta.fields},
                "created_by": request.user,
            },
        )

    if request.method == "POST":
        require(request, "partnerships.change_partnership", partnership)
        if form.is_valid() and stale_edits.save_if_current(form, save):
            chosen = form.cleaned_data["period_end"]
            messages.success(
                request,
                f"Update on “{priority.title}” for the quarter ending {chosen:%-d %B %Y} saved.",
            )
            return redirect(priority)
    return render(
        request,
        "strategy/priority_detail.html",
        {
            "priority": priority,
            "partnership": partnership,
            "flags": priority.flags(),
            "milestones_table": milestones,
            "form": form if can_change else None,
            "period_end": period_end,
            "editing": this_quarter is not None,
        },
        status=409 if form.refused else 200,
    )


@login_required
def indicator_detail(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("partnership", "source"), pk=pk)
    require(request, "partnerships.view_partnership", indicator.partnership)
    values = list(indicator.values.filter(area="").order_by("period_start"))
    targets = {t.period: t.value for t in indicator.targets.all()}
    rows = []
    previous = None
    for v in values:
        target = targets.get(v.period)
        trend = None
        if previous is not None:
            better = v.value < previous if indicator.direction == "lower" else v.value > previous
            trend = "same" if v.value == previous else ("better" if better else "worse")
        rows.append(
            {
                "period": v.period,
                "value": v.value,
                "target": target,
                "rag": indicator.rag(v.value, target),
                "trend": trend,
            }
        )
        previous = v.value
    areas = list(indicator.values.exclude(area="").order_by("area", "period_start"))
    chart = line_chart(
        f"{indicator.name} by period, with its target",
        [r["period"] for r in rows],
        [
            ("Value", "#1d70b8", "", [r["value"] for r in rows]),
            ("Target", "#505a5f", "6 4", [r["target"] for r in rows]),
        ],
    )
    page_tables = {
        "values": exports.Table(
            "indicator-values",
            "The figures in the chart",
            tables.INDICATOR_VALUES,
            rows,
            indicator.name,
        ),
        "areas": exports.Table(
            "indicator-values-by-area", "By area", tables.INDICATOR_AREAS, areas, indicator.name
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "strategy/indicator_detail.html",
        {
            "indicator": indicator,
            "rows": rows,
            "areas": areas,
            "chart": chart,
            "tables": page_tables,
            "can_change": request.user.has_perm(
                "partnerships.change_partnership", indicator.partnership
            ),
        },
    )


@login_required
def indicator_values_upload(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    form = ValuesUploadForm(*posted(request))
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created, updated, unchanged = load_indicator_values(
                partnership, upload.read(), label=upload.name
            )
        except ImportFailed as failed:
            problems = failed.problems
        else:
            messages.success(
                request, f"Values loaded: {created} new, {updated} changed, {unchanged} unchanged."
            )
            return redirect("strategy:strategy", pk=partnership.pk)
    return render(
        request,
        "strategy/indicator_values_upload.html",
        {"partnership": partnership, "form": form, "problems": problems},
    )


def _edit(request, form, *, title, partnership, back, save):
    """edit_page with what the strategy's forms share: the partnership as the
    caption, a file upload when the form takes a document, and back to `back` when
    what was saved has no page of its own (a target) or `save` returned nothing."""

    def saved(form):
        obj = save(form)
        return obj if hasattr(obj, "get_absolute_url") else back

    multipart = "document" in form.fields
    return edit_page(
        request,
        form,
        save=saved,
        title=title,
        caption=str(partnership),
        back=back,
        multipart=multipart,
    )


@login_required
def strategy_document(request, kind, pk):
    """An assessment's or a plan's document, for those who may view the partnership."""
    models = {"assessment": StrategicAssessment, "plan": Plan}
    if kind not in models:
        raise Http404("No such document.")
    record = get_object_or_404(models[kind].objects.select_related("partnership"), pk=pk)
    require(request, "partnerships.view_partnership", record.partnership)
    return download(record.document)


@login_required
def assessment_create(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    back = reverse("strategy:strategy", args=[pk])

    def save(form):
        form.instance.partnership = partnership
        form.save()

    return _edit(
        request,
        AssessmentForm(*posted(request)),
        title="Record a strategic assessment",
        partnership=partnership,
        back=back,
        save=save,
    )


@login_required
def plan_create(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    back = reverse("strategy:strategy", args=[pk])

    def save(form):
        form.instance.partnership = partnership
        form.save()

    form = PlanForm(*posted(request), partnership=partnership)
    return _edit(
        request,
        form,
        title="Record a plan or strategy",
        partnership=partnership,
        back=back,
        save=save,
    )


@login_required
def plan_edit(request, pk):
    plan = _get_plan(request, pk)
    back = reverse("strategy:strategy", args=[plan.partnership_id])
    form = PlanForm(*posted(request), instance=plan, partnership=plan.partnership)

    def save(form):
        form.save()

    return _edit(
        request,
        form,
        title=f"Edit {plan.title}",
        partnership=plan.partnership,
        back=back,
        save=save,
    )


@login_required
def assessment_edit(request, pk):
    assessment = get_object_or_404(StrategicAssessment.objects.select_related("partnership"), pk=pk)
    require(request, "partnerships.change_partnership", assessment.partnership)
    back = reverse("strategy:strategy", args=[assessment.partnership_id])

    def save(form):
        form.save()

    return _edit(
        request,
        AssessmentForm(*posted(request), instance=assessment),
        title=f"Edit {assessment.title}",
        partnership=assessment.partnership,
        back=back,
        save=save,
    )


def _get_plan(request, pk):
    plan = get_object_or_404(Plan.objects.select_related("partnership"), pk=pk)
    require(request, "partnerships.change_partnership", plan.partnership)
    return plan


def _get_priority(request, pk):
    priority = get_object_or_404(Priority.objects.select_related("plan__partnership"), pk=pk)
    require(request, "partnerships.change_partnership", priority.plan.partnership)
    return priority


@login_required
def priority_create(request, pk):
    plan = _get_plan(request, pk)
    form = PriorityForm(
        *posted(request)[:1],
        partnership=plan.partnership,
        plan=plan,
        initial={"position": plan.priorities.count() + 1},
    )

    def save(form):
        form.instance.plan = plan
        return form.save()

    return _edit(
        request,
        form,
        title=f"Add a priority to {plan.title}",
        partnership=plan.partnership,
        back=reverse("strategy:strategy", args=[plan.partnership_id]),
        save=save,
    )


@login_required
def priority_edit(request, pk):
    priority = _get_priority(request, pk)
    form = PriorityForm(
        *posted(request)[:1], instance=priority, partnership=priority.plan.partnership
    )
    return _edit(
        request,
        form,
        title=f"Edit {priority.title}",
        partnership=priority.plan.partnership,
        back=priority.get_absolute_url(),
        save=lambda f: f.save(),
    )


@login_required
def milestone_create(request, pk):
    priority = _get_priority(request, pk)

    def save(form):
        form.instance.priority = priority
        form.save()

    return _edit(
        request,
        MilestoneForm(*posted(request)[:1]),
        title="Add a milestone",
        partnership=priority.plan.partnership,
        back=priority.get_absolute_url(),
        save=save,
    )


@login_required
def indicator_create(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")

    def save(form):
        form.instance.partnership = partnership
        return form.save()

    form = IndicatorForm(*posted(request)[:1], partnership=partnership)
    return _edit(
        request,
        form,
        title="Add an indicator",
        partnership=partnership,
        back=reverse("strategy:strategy", args=[pk]),
        save=save,
    )


@login_required
def target_create(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("partnership"), pk=pk)
    require(request, "partnerships.change_partnership", indicator.partnership)

    def save(form):
        period = form.cleaned_data["period"]
        IndicatorTarget.objects.update_or_create(
            indicator=indicator,
            period=period.key,
            defaults={"period_start": period.start, "value": form.cleaned_data["value"]},
        )

    form = TargetForm(*posted(request)[:1])
    return _edit(
        request,
        form,
        title=f"Set a target for {indicator.name}",
        partnership=indicator.partnership,
        back=indicator.get_absolute_url(),
        save=save,
    )


# The risk register ---------------------------------------------------------------------


@login_required
def risk_register(request, pk):
    """A partnership's risks, filtered (open ones to start with), highest residual
    score first, with a heat map of those listed and the table of its counts."""
    partnership = get_partnership_for_user(request, pk)
    filterset = RiskFilter(
        request.GET,
        queryset=Risk.objects.filter(partnership=partnership).for_register(),
        partnership=partnership,
    )
    risks = filterset.qs if filterset.is_valid() else Risk.objects.none()
    listed = list(risks)
    heat = risk_heat_map(listed, title="The risks listed, by residual likelihood and impact")
    page_tables = {
        "risks": exports.Table(
            "risks", "Risk register, as filtered", tables.RISKS, listed, partnership.name
        ),
        "heat_map": exports.Table(
            "risk-heat-map",
            "Risks by likelihood and impact",
            HEAT_MAP,
            heat["rows"],
            partnership.name,
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "strategy/risk_register.html",
        {
            "partnership": partnership,
            "filter": filterset,
            "page": paginate(request, listed),
            "tables": page_tables,
            "heat": heat,
            "band_key": BAND_KEY,
            "today": timezone.localdate(),
            "can_change": request.user.has_perm("partnerships.change_partnership", partnership),
        },
    )


def _get_risk(request, pk, perm="view", queryset=None):
    """The risk, 404 when there is none, 403 when the user may not `perm` its partnership."""
    queryset = Risk.objects.select_related("partnership") if queryset is None else queryset
    risk = get_object_or_404(queryset, pk=pk)
    require(request, f"partnerships.{perm}_partnership", risk.partnership)
    return risk


@login_required
def risk_detail(request, pk):
    # Actions raised on an exempt item only for those entitled to them, as the tracker.
    actions = Action.objects.visible_to(request.user).select_related("group", "owner")
    risk = _get_risk(
        request,
        pk,
        queryset=Risk.objects.for_detail_page().prefetch_related(
            Prefetch("actions", queryset=actions.order_by("due", "id"))
        ),
    )
    reviews = [{"review": r, "movement": m} for r, m in risk.reviews_with_movement()]
    history = risk.change_history()
    page_tables = {
        "reviews": exports.Table(
            "risk-reviews", "Reviews", tables.RISK_REVIEWS, reviews, risk.title
        ),
        "history": exports.Table(
            "risk-history", "Change history", tables.RISK_HISTORY, history, risk.title
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "strategy/risk_detail.html",
        {
            "risk": risk,
            "partnership": risk.partnership,
            "reviews": reviews,
            "history": history,
            "tables": page_tables,
            "today": timezone.localdate(),
            "can_change": request.user.has_perm(
                "partnerships.change_partnership", risk.partnership
            ),
        },
    )


@login_required
def risk_create(request, pk):
    partnership = get_partnership_for_user(request, pk, "change")
    form = RiskForm(
        *posted(request)[:1],
        partnership=partnership,
        initial={"review_due": timezone.localdate() + datetime.timedelta(days=91)},
    )
    return _edit(
        request,
        form,
        title="Add a risk",
        partnership=partnership,
        back=reverse("strategy:risk_register", args=[pk]),
        save=lambda f: f.save(),
    )


@login_required
def risk_edit(request, pk):
    risk = _get_risk(request, pk, "change")
    form = RiskForm(*posted(request)[:1], instance=risk, partnership=risk.partnership)
    return _edit(
        request,
        form,
        title=f"Edit {risk.title}",
        partnership=risk.partnership,
        back=risk.get_absolute_url(),
        save=lambda f: f.save(),
    )


@login_required
def risk_review_create(request, pk):
    risk = _get_risk(request, pk, "change")
    today = timezone.localdate()
    form = RiskReviewForm(
        *posted(request)[:1],
        risk=risk,
        initial={
            "reviewed_on": today,
            "likelihood": risk.residual_likelihood,
            "impact": risk.residual_impact,
            "next_review_due": today + datetime.timedelta(days=91),
        },
    )

    def save(form):
        data = form.cleaned_data
        risk.record_review(
            reviewed_on=data["reviewed_on"],
            likelihood=data["likelihood"],
            impact=data["impact"],
            note=data["note"],
            next_review_due=data["next_review_due"],
            by=request.user,
        )
        return risk

    return edit_page(
        request,
        form,
        save=save,
        title=f"Review {risk.title}",
        caption=str(risk.partnership),
        back=risk.get_absolute_url(),
        message=lambda f: f"Review of “{risk.title}” saved.",
    )
