"""Screens of a partnership's strategy: priorities, their updates, indicators."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from partnerships.charts import line_chart
from partnerships.forms import GdsForm
from partnerships.indicator_values import load_indicator_values
from partnerships.models import Indicator, Plan, Priority, PriorityUpdate
from partnerships.models.strategy import quarter_end
from partnerships.register_files import ImportFailed
from partnerships.views import _get_partnership_for_user, _posted, _require


class PriorityUpdateForm(GdsForm, django_forms.ModelForm):
    submit_label = "Save the quarterly update"

    class Meta:
        model = PriorityUpdate
        fields = ["rag", "key_messages", "achievements", "development", "risks"]
        widgets = {
            f: django_forms.Textarea(attrs={"rows": 3})
            for f in ["key_messages", "achievements", "development", "risks"]
        }


@login_required
def strategy(request, pk):
    partnership = _get_partnership_for_user(request, pk)
    today = timezone.localdate()
    plans = list(Plan.objects.filter(partnership=partnership).order_by("-starts"))
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
    return render(
        request,
        "partnerships/strategy.html",
        {
            "partnership": partnership,
            "plans": [
                (plan, [r for r in rows if r["priority"].plan_id == plan.pk]) for plan in plans
            ],
            "indicators": Indicator.objects.filter(partnership=partnership).order_by("name"),
            "flagged": sum(1 for r in rows if r["flags"]),
            "can_change": request.user.has_perm("partnerships.change_partnership", partnership),
        },
    )


@login_required
def priority_detail(request, pk):
    priority = get_object_or_404(
        Priority.objects.for_strategy_page().select_related("plan__partnership"), pk=pk
    )
    partnership = priority.plan.partnership
    _require(request, "partnerships.view_partnership", partnership)
    can_change = request.user.has_perm("partnerships.change_partnership", partnership)
    period_end = quarter_end(timezone.localdate())
    form = PriorityUpdateForm(*_posted(request)[:1])
    if request.method == "POST":
        _require(request, "partnerships.change_partnership", partnership)
        if form.is_valid():
            PriorityUpdate.objects.update_or_create(
                priority=priority,
                period_end=period_end,
                defaults={**form.cleaned_data, "created_by": request.user},
            )
            messages.success(request, f"Update for the quarter ending {period_end:%d %B %Y} saved.")
            return redirect(priority)
    return render(
        request,
        "partnerships/priority_detail.html",
        {
            "priority": priority,
            "partnership": partnership,
            "flags": priority.flags(),
            "form": form if can_change else None,
            "period_end": period_end,
        },
    )


@login_required
def indicator_detail(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("partnership", "source"), pk=pk)
    _require(request, "partnerships.view_partnership", indicator.partnership)
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
    return render(
        request,
        "partnerships/indicator_detail.html",
        {"indicator": indicator, "rows": rows, "areas": areas, "chart": chart},
    )


class ValuesUploadForm(GdsForm, django_forms.Form):
    submit_label = "Load the values"
    file = django_forms.FileField(
        label="Indicator values (CSV)",
        help_text="Columns: indicator, period (YYYY-MM, YYYY-Qn or YYYY/YY), area (empty for the whole area), value.",
    )


@login_required
def indicator_values_upload(request, pk):
    partnership = _get_partnership_for_user(request, pk, "change")
    form = ValuesUploadForm(*_posted(request))
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created, updated, unchanged = load_indicator_values(
                partnership, upload.read(), label=upload.name
            )
        except ImportFailed as failed:
            problems = failed.errors
        else:
            messages.success(
                request, f"Values loaded: {created} new, {updated} changed, {unchanged} unchanged."
            )
            return redirect("partnerships:strategy", pk=partnership.pk)
    return render(
        request,
        "partnerships/indicator_values_upload.html",
        {"partnership": partnership, "form": form, "problems": problems},
    )
