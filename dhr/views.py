"""Screens of a partnership's domestic homicide review register: the register, a
review's page, its form, and a recommendation's (which puts an action in a tracker).

Every screen asks dhr/rules.py: a review is seen only by the officers who support its
partnership and the chair of its board, and does not exist for anyone else (404).
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from config import exports
from config.pages import edit_page, paginate, posted
from dhr import tables
from dhr.filters import ReviewFilter
from dhr.forms import RecommendationForm, ReviewForm
from dhr.models import Review
from dhr.rules import keeps_reviews, sees_reviews
from partnerships.models import Partnership


def _get_partnership(request, pk, change=False):
    """The partnership, 404 when there is none, 403 when the user may not see (or
    `change`) its reviews."""
    partnership = get_object_or_404(Partnership, pk=pk)
    if not (keeps_reviews if change else sees_reviews)(request.user, partnership):
        raise PermissionDenied
    return partnership


def _get_review(request, pk, change=False, queryset=None):
    """The review, 404 when there is none or the user may not see it; 403 when they
    see it but may not `change` it."""
    queryset = Review.objects.select_related("partnership") if queryset is None else queryset
    review = get_object_or_404(queryset, pk=pk)
    if not sees_reviews(request.user, review.partnership):
        raise Http404("No such review.")
    if change and not keeps_reviews(request.user, review.partnership):
        raise PermissionDenied
    return review


@login_required
def register(request, pk):
    """A partnership's reviews, filtered (open ones to start with), the latest
    notified first."""
    partnership = _get_partnership(request, pk)
    filterset = ReviewFilter(
        request.GET, queryset=Review.objects.filter(partnership=partnership).for_register()
    )
    reviews = list(filterset.qs) if filterset.is_valid() else []
    table = exports.Table(
        "domestic-homicide-reviews",
        "Domestic homicide reviews, as filtered",
        tables.REVIEWS,
        reviews,
        partnership.name,
    )
    if file := exports.download(request, table):
        return file
    today = timezone.localdate()
    # What needs attention: a stage past its time limit, a recommendation's action
    # past its due date. Shown here, to those entitled, and never among the governance
    # findings, which administrators see and every reader counts.
    for review in reviews:
        review.late = review.late_stages(today)
        review.overdue = [r for r in review.recommendations.all() if r.is_overdue(today)]
    return render(
        request,
        "dhr/register.html",
        {
            "partnership": partnership,
            "filter": filterset,
            "page": paginate(request, reviews),
            "table": table,
            "can_change": keeps_reviews(request.user, partnership),
        },
    )


@login_required
def review_detail(request, pk):
    review = _get_review(request, pk, queryset=Review.objects.for_detail_page())
    today = timezone.localdate()
    stages = [{"stage": stage, "late": stage.is_late(today)} for stage in review.stages()]
    return render(
        request,
        "dhr/review_detail.html",
        {
            "review": review,
            "partnership": review.partnership,
            "stages": stages,
            "recommendations": list(review.recommendations.all()),
            "history": review.change_history(),
            "today": today,
            "can_change": keeps_reviews(request.user, review.partnership),
        },
    )


@login_required
def review_create(request, pk):
    partnership = _get_partnership(request, pk, change=True)
    form = ReviewForm(
        *posted(request)[:1], partnership=partnership, initial={"notified_on": timezone.localdate()}
    )
    return edit_page(
        request,
        form,
        title="Add a domestic homicide review",
        caption=str(partnership),
        back=reverse("dhr:register", args=[pk]),
    )


@login_required
def review_edit(request, pk):
    review = _get_review(request, pk, change=True)
    form = ReviewForm(*posted(request)[:1], instance=review, partnership=review.partnership)
    return edit_page(
        request,
        form,
        title=f"Edit {review.case_reference}",
        caption=str(review.partnership),
        back=review.get_absolute_url(),
    )


@login_required
def recommendation_create(request, pk):
    review = _get_review(
        request,
        pk,
        change=True,
        queryset=Review.objects.select_related("partnership").prefetch_related("recommendations"),
    )
    form = RecommendationForm(
        *posted(request)[:1],
        review=review,
        initial={"due": timezone.localdate() + datetime.timedelta(days=91)},
    )

    def save(form):
        data = form.cleaned_data
        review.add_recommendation(
            text=data["text"],
            addressed_to=data["addressed_to"],
            action=data["action"],
            group=data["group"],
            owner=data["owner"],
            due=data["due"],
            by=request.user,
        )
        return review

    return edit_page(
        request,
        form,
        save=save,
        title=f"Add a recommendation of {review.case_reference}",
        caption=str(review.partnership),
        back=review.get_absolute_url(),
        message=lambda f: (
            f"Recommendation of {review.case_reference} saved, and its action "
            f"added to the tracker of {f.cleaned_data['group']}."
        ),
    )
