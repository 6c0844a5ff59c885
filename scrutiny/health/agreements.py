"""The checks of the agreements register (agreements past their review date, parties
that have not signed, operational panels sharing case information with no agreement
covering their organisations) and of the protocols between boards."""

from partnerships.models import Partnership
from scrutiny.health.dates import in_days


def agreement_expired(run, name, threshold):
    """An agreement not ended, more than N days past its review date."""
    since = run.on - in_days(threshold)
    for agreement in run.agreements:
        if agreement.review_due >= since:
            continue
        run.add(
            name,
            "agreement",
            agreement,
            f"The {agreement.get_kind_display().lower()} '{agreement.title}' was due for "
            f"review on {run.date(agreement.review_due)}: it has expired.",
            run.url("agreements:agreement_detail", agreement.pk),
            agreement.partnership_id,
        )


def agreement_unsigned(run, name, threshold):
    """An agreement not ended with a party that has not signed N days after it started."""
    since = run.on - in_days(30 if threshold is None else threshold)
    for agreement in run.agreements:
        if agreement.starts >= since:
            continue
        waiting = [p.organisation.name for p in agreement.parties.all() if not p.signed_on]
        if not waiting:
            continue
        run.add(
            name,
            "agreement",
            agreement,
            f"'{agreement.title}' started on {run.date(agreement.starts)} and is not yet "
            f"signed by {_names(waiting)}.",
            run.url("agreements:agreement_detail", agreement.pk),
            agreement.partnership_id,
        )


def panel_no_agreement(run, name, threshold):
    """A current operational panel whose members come from organisations not all
    covered by an information-sharing agreement in force on the day (started, not
    past its review date, not ended). An agreement covers an organisation that has
    signed it, for the panels it names, or for every panel when it names none. The
    finding names the organisations not covered."""
    panels = {}
    for group_id, group_name, partnership_id, org_id, org_name in run.panel_seats:
        if org_id is None:
            continue
        panel = panels.setdefault(group_id, (group_name, partnership_id, {}))
        panel[2][org_id] = org_name
    for group_id, (group_name, partnership_id, organisations) in panels.items():
        covered = set()
        for groups, signed in run.information_sharing:
            if not groups or group_id in groups:
                covered |= signed
        missing = sorted(org for org_id, org in organisations.items() if org_id not in covered)
        if not missing:
            continue
        run.add(
            name,
            "group",
            group_name,
            f"{group_name} shares case information, but {_names(missing)} "
            f"{'has' if len(missing) == 1 else 'have'} signed no information-sharing "
            "agreement in force that covers it.",
            run.url("agreements:agreement_register", partnership_id),
            partnership_id,
            group_id,
        )


def board_link_review_overdue(run, name, threshold):
    """A link between boards whose protocol is more than N days past its review date;
    found for each board it joins."""
    since = run.on - in_days(threshold)
    for link in run.board_links:
        if link.review_due >= since:
            continue
        for here in (link.from_partnership, link.to_partnership):
            if run.partnership is not None and here.pk != run.partnership.pk:
                continue
            if run.partnership is None and here.status != Partnership.Status.ACTIVE:
                continue
            run.add(
                name,
                "board link",
                link,
                f"The {link.get_kind_display().lower()} link between "
                f"{link.from_partnership.name} and {link.to_partnership.name} was due for "
                f"review on {run.date(link.review_due)}.",
                run.url("partnerships:partnership_detail", here.pk),
                here.pk,
            )


def _names(names):
    names = list(names)
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"
