"""The checks of meetings (held, quorate, attended, minuted) and of their actions."""

from django.urls import reverse

from meetings.models import Meeting
from partnerships.models import Group, at_or_above
from scrutiny.health.dates import in_days, long_date

# The held meetings of a group at which authority_attendance_low counts an
# authority's attendance (and attendance_seniority_low the seniority of who came),
# and the fewest it takes to count an authority's rate.
LAST_HELD = 6
FEWEST = 3


def group_not_meeting(run, name, threshold):
    for group in run.groups:
        if group.meets == Group.Meets.AD_HOC:
            continue
        allowed = 365 // group.meetings_a_year + (threshold or 0)
        if group.last_met is None:
            detail = f"{group.name} meets {group.get_meets_display().lower()} but has no meeting on record."
        elif (run.on - group.last_met).days > allowed:
            detail = (
                f"{group.name} meets {group.get_meets_display().lower()} but last met on "
                f"{long_date(group.last_met)}, {(run.on - group.last_met).days} days ago."
            )
        else:
            continue
        run.add(
            name, "group", group, detail, group.get_absolute_url(), group.partnership_id, group.pk
        )


def meetings_cancelled(run, name, threshold):
    rows = {}  # group -> [name, partnership, meetings, cancelled]
    for m in run.meetings_in_year:
        row = rows.setdefault(m.group_id, [m.group__name, m.group__partnership_id, 0, 0])
        row[2] += 1
        row[3] += m.status == Meeting.Status.CANCELLED
    for group_id, (group_name, partnership_id, total, cancelled) in rows.items():
        if total >= 2 and cancelled * 100 >= (threshold or 0) * total:
            run.add(
                name,
                "group",
                group_name,
                f"{cancelled} of {total} meetings of {group_name} in the "
                f"last 12 months were cancelled.",
                reverse("meetings:group_meetings", args=[group_id]),
                partnership_id,
                group_id,
            )


def minutes_late(run, name, threshold):
    due_by = {}  # the deadline of the minutes of a meeting on each day
    for m in run.meetings_in_year:
        if m.status != Meeting.Status.HELD:
            continue
        if m.date not in due_by:
            due_by[m.date] = Meeting(date=m.date).minutes_due_by(threshold)
        circulated = m.minutes_circulated_on
        late = max(((circulated or run.on) - due_by[m.date]).days, 0)
        if late:
            state = (
                f"circulated {late} days late"
                if circulated
                else f"not circulated, {late} days past the deadline"
            )
            run.add(
                name,
                "meeting",
                f"{m.group__name} {m.date:%Y-%m-%d}",
                f"Minutes of {m.group__name} on {run.date(m.date)}: {state}.",
                run.url("meetings:meeting_detail", m.id),
                m.group__partnership_id,
                m.group_id,
            )


def inquorate_meeting(run, name, threshold):
    for m in run.meetings_in_year:
        if (
            m.status == Meeting.Status.HELD
            and m.needed is not None
            and m.recorded > 0
            and m.quorate_count < m.needed
        ):
            run.add(
                name,
                "meeting",
                f"{m.group__name} {m.date:%Y-%m-%d}",
                f"{m.group__name} on {run.date(m.date)} was not quorate: "
                f"{m.quorate_count} of the {m.needed} needed.",
                run.url("meetings:meeting_detail", m.id),
                m.group__partnership_id,
                m.group_id,
            )


def authority_absent(run, name, threshold):
    """A statutory responsible authority with a seat on a group, represented at
    none of the group's last N held meetings since its seat began."""
    n = threshold or 1
    for group_id, (group_name, partnership_id, orgs, meetings) in run.statutory_attendance.items():
        for org_id, (org_name, since) in orgs.items():
            if absent_from_last(meetings, n, org_id, since):
                run.add(
                    name,
                    "organisation",
                    f"{org_name} on {group_name}",
                    f"{org_name} was not represented at any of the last {n} meetings of "
                    f"{group_name}.",
                    reverse("meetings:group_meetings", args=[group_id]),
                    partnership_id,
                    group_id,
                )


def absent_from_last(meetings, n, org_id, since):
    """Whether an organisation with a seat since `since` came to none of the last n
    of the group's `meetings` (newest first). A seat that began after the first of
    them has not missed n yet."""
    last = meetings[:n]
    return (
        len(last) == n and since <= last[-1][0] and not any(org_id in came for _date, came in last)
    )


def authority_attendance_low(run, name, threshold):
    """A statutory responsible authority with a seat on a group, represented at
    fewer than N% of the group's last LAST_HELD held meetings since its seat began
    (FEWEST of them at least). One absent from all of the last meetings that
    authority_absent counts is that check's finding, not this one's."""
    absent = run.settings.get("authority_absent")
    absent_n = (absent.threshold or 1) if absent and absent.enabled else None
    for group_id, (group_name, partnership_id, orgs, meetings) in run.statutory_attendance.items():
        for org_id, (org_name, since) in orgs.items():
            if absent_n and absent_from_last(meetings, absent_n, org_id, since):
                continue
            counted = [came for date, came in meetings if date >= since][:LAST_HELD]
            if len(counted) < FEWEST:
                continue
            attended = sum(org_id in came for came in counted)
            if attended * 100 < (threshold or 0) * len(counted):
                run.add(
                    name,
                    "organisation",
                    f"{org_name} on {group_name}",
                    f"{org_name} came to {attended} of the last {len(counted)} meetings of "
                    f"{group_name} ({round(100 * attended / len(counted))}%).",
                    reverse("meetings:group_meetings", args=[group_id]),
                    partnership_id,
                    group_id,
                )


def attendance_seniority_low(run, name, threshold):
    """A group whose Terms of Reference expect a seniority of those who attend, where
    fewer than N% of the attendances at its last LAST_HELD held meetings were at that
    level or above (a regular attendee weighs as often as they came) (partnerships.models.at_or_above: an elected member meets
    any level). A substitute counts at their own seniority, and someone who came
    twice to one meeting (for themselves and for another) once; someone whose
    seniority is not recorded is not counted, and with no one's recorded nothing is
    said."""
    for group in run.groups:
        expected = group.expected_seniority
        if not expected:
            continue
        meetings = run.last_held[group.pk][:LAST_HELD]
        levels = [level for _date, _orgs, came in meetings for level in came.values() if level]
        if not levels:
            continue
        at_level = sum(at_or_above(level, expected) for level in levels)
        if at_level * 100 < (threshold or 0) * len(levels):
            run.add(
                name,
                "group",
                group,
                _seniority_detail(group, len(meetings), at_level, len(levels)),
                run.url("meetings:group_meetings", group.pk),
                group.partnership_id,
                group.pk,
            )


def _seniority_detail(group, meetings, at_level, came):
    where = f"the last {meetings} meetings" if meetings > 1 else "the last meeting"
    if came == 1:  # then not at the level, or there would be no finding
        who = "the one attendance by someone whose seniority is recorded was not"
    else:
        who = (
            f"{at_level} of the {came} attendances by people whose seniority is recorded "
            f"({round(100 * at_level / came)}%) were"
        )
    return (
        f"At {where} of {group.name}, {who} at the level its Terms of Reference expect "
        f"({group.expected_level})."
    )


def action_no_owner(run, name, threshold):
    for (
        action_id,
        group_id,
        group_name,
        partnership_id,
        owner_id,
        *_rest,
        text,
        _u,
    ) in run.open_actions:
        if owner_id is None:
            run.add(
                name,
                "action",
                text[:60],
                f"An open action of {group_name} has no owner: {text}",
                run.url("meetings:action_detail", action_id),
                partnership_id,
                group_id,
            )


def action_overdue(run, name, threshold):
    # The one check that may find tens of thousands: its findings are noted
    # straight away, their details written only when read.
    cutoff = run.on - in_days(threshold)
    prefix, suffix = run.url_parts("meetings:action_detail")
    on = run.on
    run.found[name] += [
        (
            text[:60].lower(),
            f"{prefix}{action_id}{suffix}",
            text[:60],
            (_overdue_detail, on, due, owner_name if owner_id else "no one", group_name),
            "action",
            partnership_id,
            name,
            group_id,
        )
        for (
            action_id,
            group_id,
            group_name,
            partnership_id,
            owner_id,
            owner_name,
            due,
            _created_on,
            text,
            _updated,
        ) in run.open_actions
        if due is not None and due < cutoff
    ]


def _overdue_detail(on, due, owner, group_name):
    return f"Due {long_date(due)}, {(on - due).days} days overdue; owner {owner}; {group_name}."


def tracker_stale(run, name, threshold):
    rows = {}  # group -> [name, partnership, open actions, last raised, last updated]
    for _id, group_id, group_name, partnership_id, *_o, created_on, _t, updated in run.open_actions:
        row = rows.setdefault(group_id, [group_name, partnership_id, 0, created_on, None])
        row[2] += 1
        row[3] = max(row[3], created_on)
        if updated is not None and (row[4] is None or updated > row[4]):
            row[4] = updated
    for group_id, (group_name, partnership_id, count, raised, updated) in rows.items():
        last = max(d for d in (raised, updated) if d is not None)
        if (run.on - last).days > (threshold or 0):
            run.add(
                name,
                "group",
                group_name,
                f"The {count} open actions of {group_name} have had no update since {long_date(last)}.",
                reverse("meetings:tracker", args=[group_id]),
                partnership_id,
                group_id,
            )
