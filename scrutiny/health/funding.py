"""The checks of funded projects: their returns and evaluations."""

import datetime

from funding.models import return_period_ends
from funding.money import pounds
from scrutiny.health.dates import in_days, long_date


def return_late(run, name, threshold):
    """As each grant's return schedule has it: a period whose return is due
    before the day (less the threshold) and not received (none for a period
    that ended before the award)."""
    cutoff = run.on - in_days(threshold)
    period_ends = {}  # grants with the same plan expect returns for the same periods
    for row in run.live_grants:
        grant_id, title, partnership_id, start, end, every, days, *_e, awarded, received = row
        plan = (start, end, every, awarded)
        if plan not in period_ends:
            period_ends[plan] = sorted(set(return_period_ends(*plan)))
        late = datetime.timedelta(days=days)
        missing = [
            period_end + late
            for period_end in period_ends[plan]
            if period_end not in received and period_end + late < cutoff
        ]
        if missing:
            run.add(
                name,
                "grant",
                title,
                f"{len(missing)} monitoring return{'s' if len(missing) > 1 else ''} missing; "
                f"the first was due {long_date(missing[0])}.",
                run.url("funding:grant_detail", grant_id),
                partnership_id,
            )


def evaluation_missing(run, name, threshold):
    cutoff = run.on - in_days(threshold)
    for (
        grant_id,
        title,
        partnership_id,
        *_plan,
        evaluated,
        due,
        _amount,
        _on,
        _r,
    ) in run.live_grants:
        if evaluated is None and due is not None and due < cutoff:
            run.add(
                name,
                "grant",
                title,
                f"The evaluation of {title} was due {long_date(due)} and has not been received.",
                run.url("funding:grant_detail", grant_id),
                partnership_id,
            )


def grant_no_evaluation(run, name, threshold):
    """A live grant of £N or more (the threshold is in pounds) that asks for no
    evaluation: nobody will learn whether the money worked."""
    least = (threshold or 0) * 100
    for grant_id, title, partnership_id, *_plan, evaluated, due, amount, _on, _r in run.live_grants:
        if amount >= least and due is None and evaluated is None:
            run.add(
                name,
                "grant",
                title,
                f"{title} is a grant of {pounds(amount)} and no evaluation of it was asked for.",
                run.url("funding:grant_detail", grant_id),
                partnership_id,
            )
