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


def priority_no_assessment(run, name, threshold):
    """A priority of a running plan that rests on no strategic assessment: its plan
    is linked to none."""
    for priority in run.running_priorities:
        if priority.plan.assessment_id is None:
            run.add(
                name,
                "priority",
                priority,
                f"'{priority.title}' rests on no strategic assessment: "
                f"{priority.plan.title} is linked to none.",
                priority.get_absolute_url(),
                priority.plan.partnership_id,
            )
