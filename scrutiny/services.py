"""Workflows of a review that touch several records: the response to a
recommendation, and the actions an accepted recommendation puts in a tracker."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from meetings.models import Action
from scrutiny.models import Recommendation, ReviewQuestion, ScopingQuestion

ACTIONABLE = (Recommendation.Response.ACCEPTED, Recommendation.Response.PARTLY)


def _by(record, user):
    """Name the user in the record's history even outside a request."""
    record._history_user = user
    return record


@transaction.atomic
def review_scope(*, review, chosen, by):
    """Make the review's bank questions the chosen ones: add those newly chosen
    (copied, to be edited for this review), remove those no longer chosen. The
    review's own questions stay. Returns (added, removed)."""
    chosen_ids = {q.pk for q in chosen}
    current = {q.source_id: q for q in review.questions.filter(source__isnull=False)}
    removed = [q for source_id, q in current.items() if source_id not in chosen_ids]
    for question in removed:
        _by(question, by).delete()
    added = []
    for question in ScopingQuestion.objects.filter(pk__in=chosen_ids - current.keys()):
        added.append(
            _by(
                ReviewQuestion(
                    review=review,
                    source=question,
                    theme=question.theme,
                    text=question.text,
                    position=question.position,
                ),
                by,
            )
        )
        added[-1].save()
    return added, removed


@transaction.atomic
def recommendation_respond(
    *, recommendation, response, on, text, implementation, follow_up_due, by
):
    """Record the body's response. A response other than 'awaiting' needs the date
    it was given; going back to 'awaiting' clears the date."""
    if recommendation.withdrawn_at:
        raise ValidationError("This recommendation is withdrawn: it takes no response.")
    if response != Recommendation.Response.PENDING and on is None:
        raise ValidationError({"response_date": "Enter the date of the response."})
    recommendation.response = response
    recommendation.response_date = None if response == Recommendation.Response.PENDING else on
    recommendation.response_text = text
    recommendation.implementation = implementation
    recommendation.follow_up_due = follow_up_due
    _by(recommendation, by).save(
        update_fields=[
            "response",
            "response_date",
            "response_text",
            "implementation",
            "follow_up_due",
        ]
    )
    return recommendation


@transaction.atomic
def recommendation_create_action(*, recommendation, group, owner, due, description, by):
    """An action in the group's tracker, to carry out an accepted (or partly
    accepted) recommendation, linked to it."""
    if recommendation.withdrawn_at:
        raise ValidationError("This recommendation is withdrawn.")
    if recommendation.response not in ACTIONABLE:
        raise ValidationError(
            "Only an accepted or partly accepted recommendation can create actions."
        )
    action = _by(
        Action(
            group=group,
            owner=owner,
            due=due,
            description=description,
            created_on=timezone.localdate(),
        ),
        by,
    )
    action.save()
    recommendation.actions.add(action)
    return action


@transaction.atomic
def withdraw(*, record, by):
    """Withdraw a finding or a recommendation: kept, marked, never deleted. Once:
    the row is locked for the check."""
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.withdrawn_at is not None:
        record.withdrawn_at = locked.withdrawn_at
        return record
    record.withdrawn_at = timezone.now()
    _by(record, by).save(update_fields=["withdrawn_at"])
    return record
