"""A year of demo meetings for two boards: the Wiltshire CSP executive board and
the Swindon CSP board. Built once: a group that has meetings is left alone."""

import datetime
import random

from meetings.models import Action, ActionUpdate, AgendaItem, Attendance, Decision, Meeting
from partnerships.models import Group, Membership

BOARDS = [
    ("Wiltshire Community Safety Partnership", "Wiltshire CSP Executive Board"),
    ("Swindon Community Safety Partnership", "Community Safety Partnership Board"),
]
DATES = [
    datetime.date(2025, 12, 4),
    datetime.date(2026, 3, 5),
    datetime.date(2026, 6, 4),
    datetime.date(2026, 9, 3),
    datetime.date(2026, 12, 3),
]
AGENDA = [
    ("Apologies and minutes of the last meeting", False, None),
    ("Performance report: crime and disorder", False, None),
    ("Priority updates from the leads", False, None),
    ("Domestic homicide review: progress on the action plan", True, 1),
    ("Funding: community safety grants", False, None),
]
ACTIONS = [
    "Bring the refreshed strategic assessment to the next meeting",
    "Circulate the night-time economy pilot evaluation",
    "Confirm who represents health on the tasking group",
    "Report hate crime figures by ward",
    "Agree the data-sharing protocol with probation",
    "Review the Terms of Reference of the sub-groups",
]


def load_meetings():
    rng = random.Random(2011)
    for partnership, name in BOARDS:
        group = Group.objects.filter(partnership__name=partnership, name=name).first()
        if group is None or group.meetings.exists():
            continue
        _board_year(group, rng)


def _board_year(group, rng):
    members = list(
        Membership.objects.current()
        .filter(group=group)
        .select_related("person__organisation", "on_behalf_of")
    )
    spare = [
        m.person for m in Membership.objects.current().exclude(group=group).select_related("person")
    ]
    for number, day in enumerate(DATES):
        if number == 2:
            Meeting.objects.create(
                group=group,
                date=day,
                place="Civic Offices, Committee Room 2",
                status=Meeting.Status.CANCELLED,
                cancellation_reason="Not enough members could attend to be quorate.",
                sequence=1,
            )
            continue
        upcoming = day > datetime.date(2026, 11, 23)
        meeting = Meeting.objects.create(
            group=group,
            date=day,
            start_time=datetime.time(14, 0),
            end_time=datetime.time(16, 0),
            place="Civic Offices, Committee Room 2",
            status=Meeting.Status.SCHEDULED if upcoming else Meeting.Status.HELD,
            agenda_published_at=datetime.datetime.combine(
                day - datetime.timedelta(days=7), datetime.time(9), tzinfo=datetime.UTC
            ),
        )
        items = [
            AgendaItem.objects.create(
                meeting=meeting, position=i, title=title, exempt=exempt, exempt_paragraph=paragraph
            )
            for i, (title, exempt, paragraph) in enumerate(AGENDA, start=1)
        ]
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
        Decision.objects.create(
            item=items[2],
            text="The board noted the priority updates and agreed the leads' next steps.",
        )
        Decision.objects.create(
            item=items[4], text="The board agreed the grant round for the coming quarter."
        )
        circulated = day + datetime.timedelta(days=24 if number == 1 else 8)
        meeting.minutes = f"Minutes of the meeting of {group.name} held on {day:%d %B %Y}."
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
                description=ACTIONS[(number + i) % len(ACTIONS)],
                owner=owner,
                due=due,
                created_on=day,
                status=Action.Status.DONE if done else Action.Status.OPEN,
                completed_on=due - datetime.timedelta(days=5) if done else None,
            )
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
