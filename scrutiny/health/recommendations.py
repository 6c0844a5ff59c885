"""The checks of scrutiny recommendations: their responses and follow-ups."""

from scrutiny.health.dates import in_days, long_date


def _partnership_of(run, recommendation):
    if run.partnership is not None:
        return run.partnership.pk
    return recommendation.addressed_to_partnership_id


def recommendation_no_response(run, name, threshold):
    for rec in run.recommendations:
        if not rec.is_response_overdue(run.on, days_after_report=threshold or 0):
            continue
        due = rec.response_due_on(days_after_report=threshold or 0)
        run.add(
            name,
            "recommendation",
            f"Recommendation {rec.reference} of {rec.review.title}",
            f"No response from {rec.addressed_to or 'the body addressed'}; it was due "
            f"{long_date(due)}.",
            rec.get_absolute_url(),
            _partnership_of(run, rec),
        )


def recommendation_followup_overdue(run, name, threshold):
    cutoff = run.on - in_days(threshold)
    for rec in run.recommendations:
        if not rec.is_follow_up_overdue(cutoff):  # overdue by more than the threshold
            continue
        run.add(
            name,
            "recommendation",
            f"Recommendation {rec.reference} of {rec.review.title}",
            f"Follow-up was due {long_date(rec.follow_up_due)}; implementation: "
            f"{rec.get_implementation_display().lower()}.",
            rec.get_absolute_url(),
            _partnership_of(run, rec),
        )
