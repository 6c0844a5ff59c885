"""A year of demo meetings from data/meetings.yaml for two boards: the Wiltshire
CSP executive board and the Swindon CSP board. Built once: a group that has
meetings is left alone."""

import datetime
import random

from demo import facts
from demo.papers import load_papers
from meetings.models import Action, ActionUpdate, AgendaItem, Attendance, Decision, Meeting
from partnerships.models import Group, Membership

# The meetings after this day are still to come.
HELD_BY = datetime.date(2026, 11, 23)


def load_meetings():
    spec = facts.read("meetings")
    rng = random.Random(2011)
    for board in spec["boards"]:
        group = Group.objects.filter(
            partnership__name=board["partnership"], name=board["group"]
        ).first()
        if group is None or group.meetings.exists():
            continue
        _board_year(group, spec, rng)


def _board_year(group, spec, rng):
    members = list(
        Membership.objects.current()
        .filter(group=group)
        .select_related("person__organisation", "on_behalf_of")
    )
    spare = [
        m.person for m in Membership.objects.current().exclude(group=group).select_related("person")
    ]
    actions = spec["actions"]
    for number, day in enumerate(spec["dates"]):
        if number == 2:
            cancelled = Meeting.objects.create(
                group=group,
                date=day,
                place=spec["place"],
                status=Meeting.Status.CANCELLED,
                cancellation_reason=spec["cancellation_reason"],
                sequence=1,
            )
            facts.note(cancelled, spec["source"])
            continue
        upcoming = day > HELD_BY
        meeting = Meeting.objects.create(
            group=group,
            date=day,
            start_time=datetime.time(14, 0),
            end_time=datetime.time(16, 0),
            place=spec["place"],
            status=Meeting.Status.SCHEDULED if upcoming else Meeting.Status.HELD,
            agenda_published_at=datetime.datetime.combine(
                day - datetime.timedelta(days=7), datetime.time(9), tzinfo=datetime.UTC
            ),
        )
        facts.note(meeting, spec["source"])
        items = [
            AgendaItem.objects.create(
                meeting=meeting,
                position=i,
                title=item["title"],
                exempt="exempt_paragraph" in item,
                exempt_paragraph=item.get("exempt_paragraph"),
            )
            for i, item in enumerate(spec["agenda"], start=1)
        ]
        if number >= len(spec["dates"]) - 2:
            load_papers(meeting, items, spec["papers"])
        if upcoming:
            continue
        for m in members:
            roll = rng.random()
            status = (
                Attendance.Status.PRESENT
                if roll < 0.65
                else Attendance.Status.APOLOGIES
                if roll < 0.8
                else Attendance.Status.SUBSTITUTED
                if roll < 0.92
                else Attendance.Status.ABSENT
            )
            substitute = (
                rng.choice(spare) if status == Attendance.Status.SUBSTITUTED and spare else None
            )
            Attendance.objects.create(
                meeting=meeting,
                person=m.person,
                on_behalf_of=m.on_behalf_of or m.person.organisation,
                voting=m.voting,
                status=status
                if substitute or status != Attendance.Status.SUBSTITUTED
                else Attendance.Status.APOLOGIES,
                substitute=substitute,
                substitute_can_decide=bool(substitute) and rng.random() < 0.5,
            )
        for item, agenda in zip(items, spec["agenda"], strict=True):
            if "decision" in agenda:
                Decision.objects.create(item=item, text=agenda["decision"])
        circulated = day + datetime.timedelta(days=24 if number == 1 else 8)
        meeting.minutes = f"Minutes of the meeting of {group.name} held on {day:%-d %B %Y}."
        meeting.minutes_status = Meeting.Minutes.CIRCULATED
        meeting.minutes_approved_at = datetime.datetime.combine(
            day + datetime.timedelta(days=5), datetime.time(12), tzinfo=datetime.UTC
        )
        meeting.minutes_circulated_on = circulated
        meeting.save()
        for i in range(3):
            owner = members[(number * 3 + i) % len(members)].person if members else None
            due = day + datetime.timedelta(days=60)
            done = number == 0 and i < 2
            action = Action.objects.create(
                group=group,
                item=items[1 + i],
                description=actions[(number + i) % len(actions)],
                owner=owner,
                due=due,
                created_on=day,
                status=Action.Status.DONE if done else Action.Status.OPEN,
                completed_on=due - datetime.timedelta(days=5) if done else None,
            )
            facts.note(action, spec["source"])
            if done:
                ActionUpdate.objects.create(
                    action=action,
                    on=action.completed_on,
                    text="Completed and reported back.",
                    status=Action.Status.DONE,
                )
            elif i == 2:
                ActionUpdate.objects.create(
                    action=action,
                    on=day + datetime.timedelta(days=30),
                    text="Under way; waiting for partner data.",
                    status=Action.Status.IN_PROGRESS,
                )
                action.status = Action.Status.IN_PROGRESS
                action.save(update_fields=["status"])
