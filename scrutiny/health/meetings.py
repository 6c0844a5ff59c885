"""The checks of meetings (held, quorate, attended, minuted) and of their actions."""

import datetime
from collections import defaultdict

from django.urls import reverse

from meetings.models import Attendance, Meeting
from partnerships.models import Group
from scrutiny.health.dates import YEAR, in_days, long_date


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
    none of the group's last N held meetings since its seat began. Two queries
    beside the seats."""
    n = threshold or 1
    seats = defaultdict(dict)  # group -> organisation -> (name, when its first seat began)
    names = {}
    for group_id, group_name, partnership_id, _p, org_id, org_name, statutory, start in run.seats:
        if not statutory:
            continue
        since = start or datetime.date.min
        earlier = seats[group_id].get(org_id, (org_name, since))[1]
        seats[group_id][org_id] = (org_name, min(since, earlier))
        names[group_id] = (group_name, partnership_id)
    if not seats:
        return
    held = (
        Meeting.objects.filter(
            group_id__in=seats,
            status=Meeting.Status.HELD,
            date__lte=run.on,
            date__gt=run.on - 2 * YEAR,
        )
        .order_by("group_id", "-date")
        .values_list("id", "group_id", "date")
    )
    last = defaultdict(list)
    for meeting_id, group_id, date in held:
        if len(last[group_id]) < n:
            last[group_id].append((meeting_id, date))
    wanted = [m for rows in last.values() if len(rows) == n for m, _ in rows]
    present = defaultdict(set)
    for meeting_id, org_id, person_org_id in Attendance.objects.filter(
        meeting_id__in=wanted,
        status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTED],
    ).values_list("meeting_id", "on_behalf_of_id", "person__organisation_id"):
        present[meeting_id].add(org_id or person_org_id)
    for group_id, rows in last.items():
        if len(rows) < n:
            continue
        came = set().union(*(present[m] for m, _ in rows))
        first_of_them = min(date for _, date in rows)
        for org_id, (org_name, since) in seats[group_id].items():
            # A seat that began after the first of those meetings has not missed N yet.
            if org_id not in came and since <= first_of_them:
                group_name, partnership_id = names[group_id]
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
