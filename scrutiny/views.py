"""Screens of a scrutiny review: its terms and members, scoping from the CfPS
question bank, evidence and witnesses, key issues, recommendations with their
responses, and the actions an accepted recommendation puts in a tracker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from config import exports
from config.files import download
from config.pages import done, edit_page, posted, require
from meetings.models import Action
from ops.models import Source
from partnerships.models import Group
from scrutiny import forms, library, services, tables
from scrutiny.models import (
    EvidenceSession,
    PastReview,
    Recommendation,
    Review,
    ReviewMember,
    ReviewQuestion,
    Theme,
    Witness,
)

PAGE_SIZE = 25
PERMS = {
    "view": "scrutiny.view_review",
    "change": "scrutiny.change_review",
    "respond": "scrutiny.respond",
}


def _get_review_for_user(request, pk, perm="view", queryset=None):
    """The review, with the members and partnerships its permissions read; 404 when
    there is none, 403 when the user may not `perm` it."""
    queryset = (
        Review.objects.prefetch_related("members", "partnerships") if queryset is None else queryset
    )
    review = get_object_or_404(queryset, pk=pk)
    require(request, PERMS[perm], review)
    return review


def _for_detail_page():
    """Everything the review page shows, in one query per kind of record."""
    return Review.objects.select_related("created_by").prefetch_related(
        Prefetch("members", queryset=ReviewMember.objects.select_related("user")),
        "partnerships",
        Prefetch("questions", queryset=ReviewQuestion.objects.select_related("source")),
        Prefetch(
            "evidence",
            queryset=EvidenceSession.objects.prefetch_related(
                Prefetch("witnesses", queryset=Witness.objects.select_related("organisation"))
            ),
        ),
        "findings",
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.select_related(
                "addressed_to_partnership", "addressed_to_organisation"
            ).prefetch_related(
                Prefetch(
                    "actions",
                    queryset=Action.objects.select_related(
                        "owner", "group__partnership", "item"
                    ).order_by("due", "id"),
                )
            ),
        ),
    )


# Reviews -------------------------------------------------------------------------------


@login_required
def review_list(request):
    require(request, "scrutiny.view_review")
    form = forms.ReviewFilterForm(request.GET)
    reviews = form.filter(
        Review.objects.for_list().annotate(
            recommendation_count=Count(
                "recommendations",
                filter=Q(recommendations__withdrawn_at__isnull=True),
                distinct=True,
            ),
            awaiting_count=Count(
                "recommendations",
                filter=Q(
                    recommendations__withdrawn_at__isnull=True,
                    recommendations__response=Recommendation.Response.PENDING,
                ),
                distinct=True,
            ),
        )
    )
    table = exports.Table("scrutiny-reviews", "Scrutiny reviews", tables.REVIEWS, reviews)
    if file := exports.download(request, table):
        return file
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "scrutiny/review_list.html",
        {
            "filter": {"form": form},
            "page": page,
            "table": table,
            "can_add": request.user.has_perm("scrutiny.add_review"),
        },
    )


@login_required
def library_list(request):
    """The library of past reviews: the monitor's case studies, searched by words
    and by theme, with what the monitor advises on running a review."""
    require(request, "scrutiny.view_library")
    form = forms.LibraryFilterForm(request.GET)
    entries = list(form.filter(PastReview.objects.for_library()))
    return render(
        request,
        "scrutiny/library.html",
        {
            "filter": {"form": form},
            "entries": entries,
            "filtered": any(request.GET.get(name) for name in ("q", "theme")),
            "lessons": library.LESSONS,
            "advice": library.ADVICE,
        },
    )


@login_required
def review_create(request):
    require(request, "scrutiny.add_review")
    form = forms.ReviewForm(posted(request)[0])
    form.instance.created_by = request.user
    return edit_page(
        request,
        form,
        message="Review started. Next, choose its scoping questions.",
        title="Start a scrutiny review",
        back=reverse("scrutiny:review_list"),
    )


@login_required
def review_detail(request, pk):
    review = _get_review_for_user(request, pk, queryset=_for_detail_page())
    user = request.user
    today = timezone.localdate()
    recommendations = [
        {
            "rec": rec,
            "actions": [a for a in rec.actions.all() if a.is_on_item_visible_to(user)],
            "response_overdue": rec.is_response_overdue(today),
            "follow_up_overdue": rec.is_follow_up_overdue(today),
        }
        for rec in review.recommendations.all()
    ]
    questions = review.questions.all()
    findings = review.findings.all()
    review_source = _note_sources(
        review, findings, review.recommendations.all(), review.evidence.all()
    )
    history = _history(review)
    title = review.title
    page_tables = {
        "members": exports.Table(
            "review-members",
            "Members of the review",
            tables.REVIEW_MEMBERS,
            review.members.all(),
            title,
        ),
        "findings": exports.Table("key-issues", "Key issues", tables.KEY_ISSUES, findings, title),
        "recommendations": exports.Table(
            "recommendations", "Recommendations", tables.RECOMMENDATIONS, recommendations, title
        ),
        "history": exports.Table(
            "review-history", "Latest changes", tables.REVIEW_HISTORY, history, title
        ),
    }
    if file := exports.download(request, *page_tables.values()):
        return file
    return render(
        request,
        "scrutiny/review_detail.html",
        {
            "review": review,
            "source": review_source,
            "tables": page_tables,
            "questions": [
                (label, [q for q in questions if q.theme == value])
                for value, label in Theme.choices
                if any(q.theme == value for q in questions)
            ],
            "findings": findings,
            "recommendations": recommendations,
            "history": history,
            "can_change": user.has_perm("scrutiny.change_review", review),
            "can_respond": user.has_perm("scrutiny.respond", review),
            "actionable": services.ACTIONABLE,
        },
    )


def _note_sources(review, *parts):
    """Where the review and each of its findings, recommendations and evidence
    sessions come from, when they were loaded from a published report (or written
    to illustrate one): each part's record gets `source_note`, and the review's is
    returned. One query."""
    records = [review, *(record for part in parts for record in part)]
    types = ContentType.objects.get_for_models(*{type(r) for r in records})
    wanted = Q(pk__in=[])
    for model, content_type in types.items():
        ids = [r.pk for r in records if type(r) is model]
        wanted |= Q(content_type=content_type, object_id__in=ids)
    found = {(s.content_type_id, s.object_id): s for s in Source.objects.filter(wanted)}
    for record in records:
        record.source_note = found.get((types[type(record)].pk, record.pk))
    return review.source_note


@login_required
def review_edit(request, pk):
    review = _get_review_for_user(request, pk, "change")
    title = review.title
    form = forms.ReviewForm(posted(request)[0], instance=review)
    return edit_page(
        request,
        form,
        message="Review saved.",
        then=review,
        title=f"Edit {title}",
        back=review.get_absolute_url(),
    )


def _history(review, limit=30):
    """The latest changes to the review and its recommendations: when, who, what
    (two queries)."""
    records = list(
        review.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    rows = _diffs(records, Review, lambda r: "The review")[:limit]
    recommendation_records = list(
        Recommendation.history.filter(review_id=review.pk)
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")
    )
    rows += _diffs(
        recommendation_records, Recommendation, lambda r: f"Recommendation {r.reference}"
    )
    rows.sort(key=lambda row: row["when"], reverse=True)
    return rows[:limit]


def _diffs(records, model, what):
    """Rows of 'field: old → new' for each history record against the one before it
    of the same object; records come newest first within each object."""
    labels = {f.name: str(f.verbose_name).capitalize() for f in model._meta.fields}
    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if older is not None and older.id != newer.id:
            older = None
        if older is None:
            fields = ["Added"] if newer.history_type == "+" else []
            if not fields:
                continue
        else:
            fields = [
                _describe(model, labels, change) for change in newer.diff_against(older).changes
            ]
            if not fields:
                continue
        rows.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "what": what(newer),
                "fields": fields,
            }
        )
    return rows


def _describe(model, labels, change):
    label = labels.get(change.field, change.field)
    field = model._meta.get_field(change.field)
    if field.is_relation:
        return f"{label} changed"

    def show(value):
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
        text = "empty" if value in (None, "") else str(value)
        return text if len(text) <= 60 else text[:57] + "…"

    return f"{label}: {show(change.old)} → {show(change.new)}"


# Members ------------------------------------------------------------------------------


@login_required
def member_add(request, pk):
    review = _get_review_for_user(request, pk, "change")
    form = forms.ReviewMemberForm(posted(request)[0], review=review)
    form.instance.review = review
    return edit_page(
        request,
        form,
        message=lambda form: f"{form.instance.name} added to the review.",
        then=review,
        title="Add a member",
        caption=review.title,
        back=review.get_absolute_url(),
    )


@login_required
def member_edit(request, pk, member_pk):
    review = _get_review_for_user(request, pk, "change")
    member = get_object_or_404(review.members, pk=member_pk)
    form = forms.ReviewMemberForm(posted(request)[0], instance=member, review=review)
    return edit_page(
        request,
        form,
        message="Member saved.",
        then=review,
        title=f"Edit {member.name}",
        caption=review.title,
        back=review.get_absolute_url(),
    )


@login_required
def member_remove(request, pk, member_pk):
    """Ask first (GET), then remove (POST); the member's history keeps the seat."""
    review = _get_review_for_user(request, pk, "change")
    member = get_object_or_404(review.members, pk=member_pk)
    if request.method == "POST":
        with transaction.atomic():
            member._history_user = request.user
            member.delete()
        return done(
            request,
            f"{member.name} is no longer a member of the review.",
            _anchor(review, "members"),
        )
    return _confirm(
        request,
        review,
        question=f"Remove {member.name} from the review?",
        explanation="They will no longer be listed as a member"
        + (", and their account will no longer change the review." if member.user_id else "."),
        button=f"Remove {member.name}",
        back=_anchor(review, "members"),
    )


# Scoping ------------------------------------------------------------------------------


@login_required
def scope(request, pk):
    review = _get_review_for_user(request, pk, "change")
    chosen = list(review.questions.filter(source__isnull=False).values_list("source_id", flat=True))
    form = forms.ScopeForm(posted(request)[0], initial={"questions": chosen})
    if request.method == "POST" and form.is_valid():
        added, removed = services.review_scope(
            review=review, chosen=form.cleaned_data["questions"], by=request.user
        )
        return done(
            request,
            f"Scope saved: {len(added)} questions added, {len(removed)} removed.",
            reverse("scrutiny:review_detail", args=[review.pk]) + "#scope",
        )
    return render(
        request,
        "scrutiny/scope.html",
        {
            "review": review,
            "form": form,
            "themes": _scope_themes(review, form),
            "advice": library.ADVICE,
        },
    )


def _scope_themes(review, form):
    """Each theme of the bank as the scoping page shows it: its questions; how many
    the review has chosen on it (the bank's and its own), with the monitor's advice
    when that is none or more than three (a note: it never stops the scope being
    saved); and the past reviews on it in the library. Three queries, however
    many themes and entries."""
    counts = dict(
        review.questions.order_by()
        .values("theme")
        .annotate(n=Count("id"))
        .values_list("theme", "n")
    )
    entries = list(PastReview.objects.for_library())
    most = library.ADVISED[1]
    themes = []
    for label, value, rows in form.by_theme():
        count = counts.get(value, 0)
        if count == 0 or count > most:
            chosen = f"{count} questions" if count else "No question"
            advice = f"{chosen} chosen on {label.lower()}: {library.ADVICE_PER_THEME}"
        else:
            advice = ""
        themes.append(
            {
                "label": label,
                "value": value,
                "rows": rows,
                "count": count,
                "advice": advice,
                "past": [e for e in entries if value in {t.theme for t in e.themes.all()}],
            }
        )
    return themes


@login_required
def question_add(request, pk):
    review = _get_review_for_user(request, pk, "change")
    form = forms.ReviewQuestionForm(posted(request)[0], initial={"position": 100})
    form.instance.review = review
    return edit_page(
        request,
        form,
        message="Question added to the scope.",
        then=_anchor(review, "scope"),
        title="Add a question of the review's own",
        caption=review.title,
        back=review.get_absolute_url(),
    )


@login_required
def question_edit(request, pk, question_pk):
    review = _get_review_for_user(request, pk, "change")
    question = get_object_or_404(review.questions, pk=question_pk)
    form = forms.ReviewQuestionForm(posted(request)[0], instance=question)
    return edit_page(
        request,
        form,
        message="Question saved.",
        then=_anchor(review, "scope"),
        title="Edit a scoping question",
        caption=review.title,
        back=review.get_absolute_url(),
    )


@login_required
def question_remove(request, pk, question_pk):
    """Ask first (GET), then remove (POST)."""
    review = _get_review_for_user(request, pk, "change")
    question = get_object_or_404(review.questions, pk=question_pk)
    if request.method == "POST":
        with transaction.atomic():
            question._history_user = request.user
            question.delete()
        return done(request, "Question removed from the scope.", _anchor(review, "scope"))
    return _confirm(
        request,
        review,
        question="Remove this question from the scope?",
        explanation="The question bank keeps its own copy: you can choose it again.",
        button="Remove the question",
        back=_anchor(review, "scope"),
        quote=question.text,
    )


def _anchor(review, name):
    return reverse("scrutiny:review_detail", args=[review.pk]) + f"#{name}"


# Evidence -----------------------------------------------------------------------------


@login_required
def evidence_add(request, pk):
    review = _get_review_for_user(request, pk, "change")
    form = forms.EvidenceSessionForm(*posted(request), review=review)
    form.instance.review = review
    return edit_page(
        request,
        form,
        save=lambda form: _anchor(review, f"evidence-{form.save().pk}"),
        message="Evidence recorded. Add the witnesses who gave it.",
        title="Record evidence",
        caption=review.title,
        back=review.get_absolute_url(),
        multipart=True,
    )


@login_required
def evidence_edit(request, pk, session_pk):
    review = _get_review_for_user(request, pk, "change")
    session = get_object_or_404(review.evidence, pk=session_pk)
    form = forms.EvidenceSessionForm(*posted(request), instance=session, review=review)
    return edit_page(
        request,
        form,
        message="Evidence saved.",
        then=_anchor(review, f"evidence-{session.pk}"),
        title=f"Edit {session.title}",
        caption=review.title,
        back=review.get_absolute_url(),
        multipart=True,
    )


@login_required
def evidence_file(request, pk, session_pk):
    review = _get_review_for_user(request, pk)
    session = get_object_or_404(review.evidence, pk=session_pk)
    return download(session.file)


@login_required
def witness_add(request, pk, session_pk):
    review = _get_review_for_user(request, pk, "change")
    session = get_object_or_404(review.evidence, pk=session_pk)
    form = forms.WitnessForm(posted(request)[0], session=session)
    form.instance.session = session
    return edit_page(
        request,
        form,
        message=lambda form: f"{form.instance.name} added as a witness.",
        then=_anchor(review, f"evidence-{session.pk}"),
        title="Add a witness",
        caption=f"{session.title}, {session.date:%-d %B %Y}",
        back=review.get_absolute_url(),
    )


@login_required
def witness_remove(request, pk, session_pk, witness_pk):
    """Ask first (GET), then remove (POST)."""
    review = _get_review_for_user(request, pk, "change")
    witness = get_object_or_404(
        Witness.objects.select_related("session"),
        pk=witness_pk,
        session__review=review,
        session_id=session_pk,
    )
    back = _anchor(review, f"evidence-{session_pk}")
    if request.method == "POST":
        with transaction.atomic():
            witness._history_user = request.user
            witness.delete()
        return done(request, f"{witness.name} is no longer listed as a witness.", back)
    return _confirm(
        request,
        review,
        question=f"Remove {witness.name} from the witnesses?",
        explanation=f"{witness.name} will no longer be listed as a witness at "
        f"“{witness.session.title}”.",
        button=f"Remove {witness.name}",
        back=back,
    )


# Findings -----------------------------------------------------------------------------


@login_required
def finding_add(request, pk):
    review = _get_review_for_user(request, pk, "change")
    position = review.findings.count() + 1
    form = forms.FindingForm(posted(request)[0], initial={"position": position})
    form.instance.review = review
    return edit_page(
        request,
        form,
        message="Key issue recorded.",
        then=_anchor(review, "findings"),
        title="Record a key issue",
        caption=review.title,
        back=review.get_absolute_url(),
    )


@login_required
def finding_edit(request, pk, finding_pk):
    review = _get_review_for_user(request, pk, "change")
    finding = get_object_or_404(review.findings.filter(withdrawn_at__isnull=True), pk=finding_pk)
    form = forms.FindingForm(posted(request)[0], instance=finding)
    return edit_page(
        request,
        form,
        message="Key issue saved.",
        then=_anchor(review, "findings"),
        title="Edit a key issue",
        caption=review.title,
        back=review.get_absolute_url(),
    )


@login_required
def finding_withdraw(request, pk, finding_pk):
    """Ask first (GET), then withdraw (POST): the key issue stays on the record."""
    review = _get_review_for_user(request, pk, "change")
    finding = get_object_or_404(review.findings.filter(withdrawn_at__isnull=True), pk=finding_pk)
    back = _anchor(review, "findings")
    if request.method == "POST":
        services.withdraw(record=finding, by=request.user)
        return done(request, "Key issue withdrawn. It stays on the record.", back)
    return _confirm(
        request,
        review,
        question="Withdraw this key issue?",
        explanation=WITHDRAWN.format("key issue"),
        button="Withdraw the key issue",
        back=back,
        quote=finding.text,
    )


def _confirm(request, review, *, question, explanation, button, back, quote=""):
    """The page that asks before a POST withdraws or removes something."""
    return render(
        request,
        "scrutiny/confirm.html",
        {
            "review": review,
            "question": question,
            "explanation": explanation,
            "button": button,
            "back": back,
            "quote": quote,
        },
    )


WITHDRAWN = "A withdrawn {} stays on the record of the review, marked as withdrawn. It is no longer counted or followed up."


# Recommendations ------------------------------------------------------------------------


@login_required
def recommendation_add(request, pk):
    review = _get_review_for_user(request, pk, "change")
    form = forms.RecommendationForm(posted(request)[0], review=review)
    form.instance.review = review
    return edit_page(
        request,
        form,
        message="Recommendation recorded.",
        title="Record a recommendation",
        caption=review.title,
        back=review.get_absolute_url(),
    )


def _get_recommendation(review, recommendation_pk):
    return get_object_or_404(
        review.recommendations.filter(withdrawn_at__isnull=True).select_related("review"),
        pk=recommendation_pk,
    )


@login_required
def recommendation_edit(request, pk, recommendation_pk):
    review = _get_review_for_user(request, pk, "change")
    recommendation = _get_recommendation(review, recommendation_pk)
    form = forms.RecommendationForm(posted(request)[0], instance=recommendation, review=review)
    return edit_page(
        request,
        form,
        message="Recommendation saved.",
        then=recommendation,
        title=f"Edit recommendation {recommendation.reference}",
        caption=review.title,
        back=recommendation.get_absolute_url(),
    )


@login_required
def recommendation_withdraw(request, pk, recommendation_pk):
    """Ask first (GET), then withdraw (POST): the recommendation stays on the record."""
    review = _get_review_for_user(request, pk, "change")
    recommendation = _get_recommendation(review, recommendation_pk)
    if request.method == "POST":
        services.withdraw(record=recommendation, by=request.user)
        return done(
            request,
            f"Recommendation {recommendation.reference} withdrawn. It stays on the record.",
            recommendation,
        )
    return _confirm(
        request,
        review,
        question=f"Withdraw recommendation {recommendation.reference}?",
        explanation=WITHDRAWN.format("recommendation"),
        button=f"Withdraw recommendation {recommendation.reference}",
        back=recommendation.get_absolute_url(),
        quote=recommendation.text,
    )


@login_required
def recommendation_respond(request, pk, recommendation_pk):
    review = _get_review_for_user(request, pk, "respond")
    recommendation = _get_recommendation(review, recommendation_pk)
    form = forms.ResponseForm(posted(request)[0], instance=recommendation)

    def respond(form):
        data = form.cleaned_data
        services.recommendation_respond(
            recommendation=recommendation,
            response=data["response"],
            on=data["response_date"],
            text=data["response_text"].strip(),
            implementation=data["implementation"],
            follow_up_due=data["follow_up_due"],
            by=request.user,
        )

    return edit_page(
        request,
        form,
        save=respond,
        message="Response recorded.",
        then=recommendation,
        title=f"Record the response to recommendation {recommendation.reference}",
        caption=recommendation.text[:200],
        back=recommendation.get_absolute_url(),
    )


def _action_groups(user):
    """The groups whose trackers this user may add to: all for an admin, those of the
    supported partnerships for an officer."""
    groups = Group.objects.current().select_related("partnership")
    if not user.is_admin:
        groups = groups.filter(partnership_id__in=user.partnership_ids)
    return groups.order_by("partnership__name", "name")


@login_required
def action_create(request, pk, recommendation_pk):
    review = _get_review_for_user(request, pk, "respond")
    recommendation = _get_recommendation(review, recommendation_pk)
    if recommendation.response not in services.ACTIONABLE:
        messages.error(
            request, "Record the response first: only an accepted recommendation creates actions."
        )
        return redirect(recommendation)
    initial = {
        "description": f"Recommendation {recommendation.reference} of the review "
        f"“{review.title}”: {recommendation.text}"
    }
    form = forms.ActionFromRecommendationForm(
        posted(request)[0], groups=_action_groups(request.user), initial=initial
    )

    def create_action(form):
        data = form.cleaned_data
        require(request, "meetings.change_meetings", data["group"])
        services.recommendation_create_action(
            recommendation=recommendation,
            group=data["group"],
            owner=data["owner"],
            due=data["due"],
            description=data["description"].strip(),
            by=request.user,
        )

    return edit_page(
        request,
        form,
        save=create_action,
        message=lambda form: f"Action created in the tracker of {form.cleaned_data['group'].name}.",
        then=recommendation,
        title=f"Create an action from recommendation {recommendation.reference}",
        caption=review.title,
        back=recommendation.get_absolute_url(),
    )
