"""The checks of the risk registers' open risks."""

from scrutiny.health.dates import in_days


def risk_review_overdue(run, name, threshold):
    """An open risk more than N days past the date its review was due."""
    since = run.on - in_days(threshold)
    for risk in run.open_risks:
        if risk.review_due >= since:
            continue
        last = run.date(risk.last_reviewed) if risk.last_reviewed else "never"
        run.add(
            name,
            "risk",
            risk,
            f"'{risk.title}' was due for review on {run.date(risk.review_due)}; "
            f"last reviewed: {last}.",
            run.url("strategy:risk_detail", risk.pk),
            risk.partnership_id,
            risk.group_id,
        )


def risk_high_no_action(run, name, threshold):
    """An open risk whose residual score is N or more (15: very high), with no open
    action in the trackers treating it."""
    open_actions = {row[0] for row in run.open_actions}
    for risk in run.open_risks:
        if risk.residual_score < (threshold or 15):
            continue
        if open_actions.intersection(risk.action_ids):
            continue
        run.add(
            name,
            "risk",
            risk,
            f"'{risk.title}' scores {risk.residual_score} with its controls "
            f"({risk.residual_likelihood} likelihood × {risk.residual_impact} impact) "
            "and no open action treats it.",
            run.url("strategy:risk_detail", risk.pk),
            risk.partnership_id,
            risk.group_id,
        )
