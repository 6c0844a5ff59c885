"""The checks of the domestic homicide reviews: a stage past its statutory time limit,
and a recommendation whose action is overdue.

The reviews are confidential beyond exempt items: these checks find nothing in a run
that leaves exempt records out, so their findings are kept as exempt (scrutiny/
findings.py) and never shown to scrutiny members. A finding names no case, not even
its reference: its link leads those entitled to the review."""

from scrutiny.health.dates import in_days

SUBJECT = "A domestic homicide review"


def dhr_stage_overdue(run, name, threshold):
    """An open review more than N days past a stage's time limit: the decision not
    made within one month of the notification, or the report not completed within
    six months of the decision (or by the date it was extended to)."""
    if not run.include_exempt:
        return
    for review in run.homicide_reviews:
        stage = review.overdue_now(run.on - in_days(threshold))
        if stage is None:
            continue
        days = (run.on - stage.due).days
        extended = (
            " (as extended)" if review.extended_to and stage.due == review.extended_to else ""
        )
        run.add(
            name,
            "domestic homicide review",
            SUBJECT,
            f"{stage.name}: due by {run.date(stage.due)}{extended}, {days} day"
            f"{'' if days == 1 else 's'} ago, and not yet done.",
            run.url("dhr:review_detail", review.pk),
            review.partnership_id,
        )


def dhr_recommendation_overdue(run, name, threshold):
    """A recommendation of a review whose action is still open more than N days after
    its due date."""
    if not run.include_exempt:
        return
    since = run.on - in_days(threshold)
    for review in run.homicide_reviews:
        for number, due, _action_id in review.open_recommendations:
            if due >= since:
                continue
            days = (run.on - due).days
            run.add(
                name,
                "domestic homicide review recommendation",
                f"{SUBJECT}: recommendation {number}",
                f"Its action was due on {run.date(due)}, {days} day"
                f"{'' if days == 1 else 's'} ago, and is still open.",
                run.url("dhr:review_detail", review.pk) + f"#recommendation-{number}",
                review.partnership_id,
            )
