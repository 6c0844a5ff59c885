"""The checks of the strategy's running priorities."""

from scrutiny.health.dates import in_days, long_date


def priority_no_lead(run, name, threshold):
    for priority in run.running_priorities:
        if priority.lead_person_id is None:
            run.add(
                name,
                "priority",
                priority,
                f"'{priority.title}' ({priority.plan.title}) has no accountable lead.",
                priority.get_absolute_url(),
                priority.plan.partnership_id,
            )


def priority_no_plan(run, name, threshold):
    for priority in run.running_priorities:
        if priority.milestone_count == 0:
            run.add(
                name,
                "priority",
                priority,
                f"'{priority.title}' has no delivery plan: no milestones are recorded.",
                priority.get_absolute_url(),
                priority.plan.partnership_id,
            )


def priority_no_update(run, name, threshold):
    since = run.on - in_days(threshold)
    for priority in run.running_priorities:
        if priority.last_update is not None and priority.last_update >= since:
            continue
        when = long_date(priority.last_update) if priority.last_update else "never"
        run.add(
            name,
            "priority",
            priority,
            f"'{priority.title}' was last updated: {when}.",
            priority.get_absolute_url(),
            priority.plan.partnership_id,
        )


def plan_no_assessment(run, name, threshold):
    """A running plan that rests on no strategic assessment: a partnership's
    priorities are to come from its assessment."""
    for plan in run.running_plans:
        if plan.assessment_id is None:
            run.add(
                name,
                "plan",
                plan,
                f"{plan.title} rests on no strategic assessment: none is linked to it.",
                run.url("strategy:strategy", plan.partnership_id),
                plan.partnership_id,
            )


def assessment_review_overdue(run, name, threshold):
    """A running plan resting on a strategic assessment more than N days past the
    date it was due to be reviewed."""
    since = run.on - in_days(threshold)
    for plan in run.running_plans:
        assessment = plan.assessment
        if assessment is None or assessment.review_due is None or assessment.review_due >= since:
            continue
        run.add(
            name,
            "assessment",
            assessment,
            f"{plan.title} rests on {assessment.title}, due for review on "
            f"{run.date(assessment.review_due)}.",
            run.url("strategy:strategy", plan.partnership_id),
            plan.partnership_id,
        )


def priority_outside_assessment(run, name, threshold):
    """A priority of a running plan added outside its strategic assessment: shown,
    not hidden, with the reason recorded."""
    for priority in run.running_priorities:
        if priority.outside_assessment:
            why = priority.outside_reason.strip().rstrip(".")
            run.add(
                name,
                "priority",
                priority,
                f"'{priority.title}' ({priority.plan.title}) was added outside the strategic "
                f"assessment{': ' + why if why else ''}.",
                priority.get_absolute_url(),
                priority.plan.partnership_id,
            )
