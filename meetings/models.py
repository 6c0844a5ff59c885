"""Meetings of a group: agenda, attendance, decisions, minutes and actions.

Overdue and due-soon are derived from the due date and the status, never
stored. Cancelled meetings count against nobody's attendance.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from meetings import events
from meetings.workdays import add_working_days, is_working_day
from partnerships.models import Group, Membership


class MeetingQuerySet(models.QuerySet):
    def counted(self):
        """Meetings that count for attendance: held ones (never cancelled)."""
        return self.filter(status=Meeting.Status.HELD)

    def for_group_page(self):
        return self.order_by("-date", "-start_time")

    def for_detail_page(self):
        """The meeting's page; its agenda is read apart, as the reader may see it
        (AgendaItem.objects.for_meeting_page)."""
        attendance = Attendance.objects.select_related(
            "person__organisation", "substitute__organisation", "on_behalf_of"
        ).order_by("person__name")
        return self.select_related("group__partnership", "minutes_approved_by").prefetch_related(
            Prefetch("attendance", queryset=attendance),
            "guests",
        )


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"

    class Minutes(models.TextChoices):
        NONE = "none", "Not written"
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        CIRCULATED = "circulated", "Circulated"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        "partnerships.Group", on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField()
    start_time = models.TimeField(default=datetime.time(10, 0))
    end_time = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancellation_reason = models.TextField(blank=True)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(max_length=20, choices=Minutes.choices, default=Minutes.NONE)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes_circulated_on = models.DateField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="Calendar revision number.")
    quorum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The group's quorum when attendance was recorded."
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_reason=""),
                name="meeting_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
                name="meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(minutes_status__in=["approved", "circulated"])
                | Q(minutes_approved_at__isnull=False),
                name="meeting_approved_minutes_have_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(minutes_status="circulated") | Q(minutes_circulated_on__isnull=False),
                name="meeting_circulated_minutes_have_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    def revise(self, *fields):
        """Save fields and raise the calendar revision, so feeds show the change."""
        self.sequence += 1
        self.save(update_fields=[*fields, "sequence"])

    def cancel(self, reason):
        self.status = self.Status.CANCELLED
        self.cancellation_reason = reason
        self.revise("status", "cancellation_reason")

    def publish_agenda(self):
        if self.agenda_published_at is None:
            self.agenda_published_at = timezone.now()
            self.revise("agenda_published_at")
            events.agenda_published.send(Meeting, meeting=self)

    def chairs(self):
        """The group's chair and vice-chair seats (on the meeting's day, now), as two
        lists, read in one query and kept: those who may approve its minutes
        (`approval_refused` says when)."""
        if "_chairs" not in self.__dict__:
            seats = Membership.objects.filter(
                group_id=self.group_id, role__in=["chair", "vice_chair"]
            )
            then = seats.current(on=self.date)
            found = list(
                seats.filter(Q(pk__in=then.values("pk")) | Q(end__isnull=True)).select_related(
                    "person"
                )
            )
            day = self.date
            self._chairs = (
                [m for m in found if (m.start or day) <= day <= (m.end or day)],
                [m for m in found if m.end is None],
            )
        return self._chairs

    def approval_refused(self, user, today=None):
        """Why `user` may not approve these minutes now, or "" when they may.
        Minutes are approved on or after the meeting's day by whoever chaired the
        group then or chairs it now (the chair of the next meeting signs them), or
        by a vice-chair, of then or now, when the chair of the day was not there
        (or the group had no chair)."""
        today = today or timezone.localdate()
        if self.minutes_status != self.Minutes.DRAFT:
            return "Only draft minutes can be approved."
        if self.date > today:
            return f"Minutes can be approved from the day of the meeting, {self.date:%-d %B %Y}."
        on_the_day, now = self.chairs()
        person = getattr(user, "person_id", None)
        roles = {m.role for m in [*on_the_day, *now] if m.person_id == person}
        chair = next((m for m in on_the_day if m.role == "chair"), None)
        if "chair" in roles:
            return ""
        if not roles:
            if chair is None:
                return "Only the group's chair or vice-chair approves its minutes."
            return (
                f"Only the chair, {chair.person.name}, or a vice-chair in their absence, "
                "approves the minutes."
            )
        if chair is None:
            return ""  # no chair that day: a vice-chair approves
        chair_was = (
            self.attendance.filter(person_id=chair.person_id)
            .values_list("status", flat=True)
            .first()
        )
        if chair_was is None:
            return (
                f"The chair's attendance is not recorded: a vice-chair approves only when "
                f"the chair, {chair.person.name}, was absent."
            )
        if chair_was == "present":
            return f"The chair, {chair.person.name}, was at the meeting: they approve the minutes."
        return ""

    def may_be_approved_by(self, user):
        """Whether `user` holds a seat that approves these minutes at all: chair or
        vice-chair on the meeting's day or now."""
        person = getattr(user, "person_id", None)
        on_the_day, now = self.chairs()
        return person is not None and any(m.person_id == person for m in [*on_the_day, *now])

    def approve_minutes(self, by):
        """Draft to approved, once: a second approval (or a race) changes nothing.
        The meeting's row is locked for the check, and the approval is in its history.
        Who may approve, and when: `approval_refused`."""
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=self.pk)
            if locked.minutes_status != self.Minutes.DRAFT:
                return False
            locked.minutes_status = self.Minutes.APPROVED
            locked.minutes_approved_at = timezone.now()
            locked.minutes_approved_by = by
            locked.save(
                update_fields=["minutes_status", "minutes_approved_at", "minutes_approved_by"]
            )
        self.refresh_from_db(
            fields=["minutes_status", "minutes_approved_at", "minutes_approved_by"]
        )
        return True

    @property
    def minutes_frozen(self):
        return self.minutes_status in (self.Minutes.APPROVED, self.Minutes.CIRCULATED)

    def minutes_content(self):
        """The minutes as they stand: the general notes and each item's minutes."""
        items = self.items.select_related("minutes").prefetch_related(
            "decisions", "declarations__person", "actions__owner"
        )
        attendance = self.attendance.select_related("person", "substitute").order_by("person__name")
        return {
            "notes": self.minutes,
            "attendance": [
                {
                    "person": a.person.name,
                    "status": a.status,
                    "substitute": a.substitute.name if a.substitute else "",
                }
                for a in attendance
            ],
            "items": [
                {
                    "id": item.pk,
                    "position": item.position,
                    "title": item.title,
                    "exempt": item.exempt,
                    "discussion": getattr(getattr(item, "minutes", None), "discussion", ""),
                    "resolution": getattr(getattr(item, "minutes", None), "resolution", ""),
                    "decisions": [d.text for d in item.decisions.all()],
                    "declarations": [
                        {
                            "person": d.person.name,
                            "kind": d.kind,
                            "did": d.did,
                            "interest": d.interest,
                        }
                        for d in item.declarations.all()
                    ],
                    "actions": [
                        {
                            "description": a.description,
                            "owner": a.owner.name if a.owner else "",
                            "due": a.due.isoformat() if a.due else None,
                        }
                        for a in item.actions.all()
                    ],
                }
                for item in items.order_by("position")
            ],
        }

    def correct_minutes(self, because, by):
        """Reopen approved minutes as the draft of their next version: the approved
        one is kept, with the reason for correcting it, and the chair approves again.
        False when the minutes are not approved (or another correction came first)."""
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=self.pk)
            if not locked.minutes_frozen:
                return False
            MinutesVersion.objects.create(
                meeting=locked,
                number=locked.minutes_versions.count() + 1,
                content=locked.minutes_content(),
                approved_at=locked.minutes_approved_at,
                approved_by=locked.minutes_approved_by,
                corrected_because=because,
                corrected_by=by,
            )
            locked.minutes_status = self.Minutes.DRAFT
            locked.minutes_approved_at = None
            locked.minutes_approved_by = None
            locked.save(
                update_fields=["minutes_status", "minutes_approved_at", "minutes_approved_by"]
            )
        self.refresh_from_db(
            fields=["minutes_status", "minutes_approved_at", "minutes_approved_by"]
        )
        return True

    def circulate_minutes(self, on):
        """Approved to circulated, once: the row is locked for the check, so two
        people recording the circulation at once record it once."""
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=self.pk)
            if locked.minutes_status != self.Minutes.APPROVED:
                return False
            locked.minutes_status = self.Minutes.CIRCULATED
            locked.minutes_circulated_on = on
            locked.save(update_fields=["minutes_status", "minutes_circulated_on"])
            events.minutes_circulated.send(Meeting, meeting=locked)
        self.refresh_from_db(fields=["minutes_status", "minutes_circulated_on"])
        return True

    def quorum_count(self):
        """Voting members present, or represented by a substitute who could decide.

        Uses the prefetched attendance."""
        return sum(
            1
            for a in self.attendance.all()
            if a.voting
            and (
                a.status == Attendance.Status.PRESENT
                or (a.status == Attendance.Status.SUBSTITUTED and a.substitute_can_decide)
            )
        )

    def is_quorate(self):
        """None when the group has no quorum set or attendance is not recorded."""
        quorum = self.quorum or self.group.quorum
        if not quorum or not self.attendance.all():
            return None
        return self.quorum_count() >= quorum

    def agenda_due_by(self, clear_days=None):
        """The last day to publish the agenda: `clear_days` clear working days before
        the meeting, neither the day of publication nor the meeting's own counting
        (Local Government Act 1972, s.100B)."""
        left = settings.AGENDA_CLEAR_DAYS if clear_days is None else clear_days
        day = self.date - datetime.timedelta(days=1)
        while True:
            if is_working_day(day):
                if not left:
                    return day
                left -= 1
            day -= datetime.timedelta(days=1)

    def minutes_due_by(self, working_days=None):
        days = settings.MINUTES_DUE_WORKING_DAYS if working_days is None else working_days
        return add_working_days(self.date, days)

    def minutes_late(self, on=None, working_days=None):
        """Days late: circulated after the deadline, or not yet circulated past it."""
        if self.status != self.Status.HELD:
            return 0
        due = self.minutes_due_by(working_days)
        done = self.minutes_circulated_on or on or timezone.localdate()
        return max((done - due).days, 0)


def _sees_exempt(user, group):
    """Who may see a group's exempt items: meetings/rules.py (`meetings.view_exempt`)."""
    return user.has_perm("meetings.view_exempt", group)


def _may_see_exempt_of(user):
    """The groups whose exempt items the user might see, found without reading their
    items: every group for an administrator; otherwise those of the partnerships they
    support and those they sit on. The rule (meetings/rules.py) decides among them;
    a national register's groups with exempt items are not all read for each reader."""
    if not user.is_authenticated:
        return Group.objects.none()
    if user.is_admin:
        return Group.objects.all()
    supported = user.partnership_ids if user.is_officer else ()
    seats = Membership.objects.filter(person_id=user.person_id, end__isnull=True)
    return Group.objects.filter(
        Q(partnership_id__in=supported)
        | Q(pk__in=seats.values("group_id") if user.person_id else [])
    )


def _entitled_group_ids(user, within=None):
    """The groups holding exempt items whose exempt items the user may see, asked
    group by group: one query, whatever the number of rows. `within`: only these
    groups (a queryset of them) need asking."""
    has_exempt = AgendaItem.objects.filter(meeting__group=OuterRef("pk"), exempt=True)
    has_confidential = Action.objects.filter(group=OuterRef("pk"), confidential=True)
    groups = (
        _may_see_exempt_of(user)
        .filter(Exists(has_exempt) | Exists(has_confidential))
        .only("id", "partnership_id")
        .order_by()
    )
    if within is not None:
        groups = groups.filter(pk__in=within.values("pk"))
    return {group.pk for group in groups if _sees_exempt(user, group)}


class AgendaItemQuerySet(models.QuerySet):
    def not_exempt(self):
        """Open to the public: not exempt under Schedule 12A."""
        return self.filter(exempt=False)

    def visible_to(self, user, *, group=None):
        """The exempt-item rule, for every page, export, feed, report and API that
        lists agenda items: an exempt (Schedule 12A) item is seen only by those who
        may see its group's exempt items (`meetings.view_exempt`: meetings/rules.py);
        to anyone else it does not exist. Given `group`, the one group all these
        items are of, that is asked once, without a query."""
        if group is not None:
            return self if _sees_exempt(user, group) else self.not_exempt()
        return self.filter(Q(exempt=False) | Q(meeting__group_id__in=_entitled_group_ids(user)))

    def for_meeting_page(self, meeting, user):
        """A meeting's agenda as the user may see it, with its papers and decisions."""
        return (
            self.filter(meeting=meeting)
            .visible_to(user, group=meeting.group)
            .select_related("minutes")
            .prefetch_related("papers", "decisions", "declarations__person")
            .order_by("position")
        )


# The descriptions of exempt information in Part 1 of Schedule 12A to the Local
# Government Act 1972, shortened: an exempt item says which applies, not only its number.
SCHEDULE_12A = {
    1: "information about a particular person",
    2: "information likely to reveal who a person is",
    3: "the financial or business affairs of a particular person",
    4: "consultations or negotiations on a labour relations matter",
    5: "information subject to legal professional privilege",
    6: "a proposed notice, order or direction under an enactment",
    7: "the prevention, investigation or prosecution of crime",
}


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    exempt = models.BooleanField(
        default=False, help_text="Confidential under Schedule 12A of the Local Government Act 1972."
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(n, f"Paragraph {n}: {what}") for n, what in SCHEDULE_12A.items()],
    )
    closing = models.BooleanField(
        default=False,
        editable=False,
        help_text="One of the group's standard closing items: items added later go before it.",
    )

    history = HistoricalRecords()
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_item_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(exempt=False, exempt_paragraph__isnull=True)
                | Q(exempt=True, exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="agenda_item_exempt_has_paragraph",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def exempt_because(self):
        """'paragraph 3 (the financial or business affairs of a particular person)'."""
        if not self.exempt_paragraph:
            return ""
        return f"paragraph {self.exempt_paragraph} ({SCHEDULE_12A[self.exempt_paragraph]})"

    def is_visible_to(self, user):
        """As `AgendaItem.objects.visible_to(user)`, for one item loaded with its
        meeting's group."""
        return not self.exempt or _sees_exempt(user, self.meeting.group)


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="papers/%Y/")
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTED = "substituted", "Sent a substitute"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "partnerships.Person", on_delete=models.PROTECT, related_name="attendance"
    )
    on_behalf_of = models.ForeignKey(
        "partnerships.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    voting = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute = models.ForeignKey(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitutions",
    )
    substitute_can_decide = models.BooleanField(
        default=False,
        help_text="Whether the substitute could take decisions for their organisation.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="attendance_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(status="substituted", substitute__isnull=False)
                | (~Q(status="substituted") & Q(substitute__isnull=True)),
                name="attendance_substitute_iff_substituted",
            ),
        ]

    def __str__(self):
        return f"{self.person} at {self.meeting}: {self.get_status_display()}"

    @property
    def represented(self):
        return self.status in (self.Status.PRESENT, self.Status.SUBSTITUTED)


class Declaration(models.Model):
    """A member's declaration of an interest in an agenda item, and what they did."""

    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        REGISTRABLE = "registrable", "Other registrable interest"
        NON_REGISTRABLE = "non_registrable", "Non-registrable interest"

    class Did(models.TextChoices):
        LEFT = "left", "Left the room for the item"
        NO_VOTE = "no_vote", "Stayed but did not vote"
        SPOKE = "spoke", "Spoke only, did not vote"
        STAYED = "stayed", "Took part (no conflict)"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(
        "partnerships.Person", on_delete=models.PROTECT, related_name="declarations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    did = models.CharField("What they did", max_length=20, choices=Did.choices)
    interest = models.CharField("The interest", max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item__position", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="declaration_once_per_item"),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()} in item {self.item.position}"


class ItemMinutes(models.Model):
    """The minutes of one agenda item: what was discussed and what was resolved."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes")
    discussion = models.TextField(blank=True)
    resolution = models.TextField(blank=True)

    history = HistoricalRecords()

    def __str__(self):
        return f"Minutes of {self.item}"


class MinutesVersion(models.Model):
    """An approved version of a meeting's minutes, kept when a correction replaces it:
    what it said, who approved it, and why it was corrected."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField(help_text="The notes and each item's minutes, as approved.")
    approved_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_because = models.TextField()
    corrected_at = models.DateTimeField(default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_unique"),
        ]

    def __str__(self):
        return f"Minutes of {self.meeting}, version {self.number}"


class Guest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return self.name


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "created_at", "id"]

    def __str__(self):
        return self.text[:60]


# Not raised on an exempt agenda item, nor on a confidential record: an action of a
# domestic homicide review's recommendation is hidden as one of an exempt item is.
_NOT_EXEMPT_ITEM = (Q(item__isnull=True) | Q(item__exempt=False)) & Q(confidential=False)


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)

    def overdue(self, on=None):
        return self.open().filter(due__lt=on or timezone.localdate())

    def due_soon(self, on=None, days=14):
        on = on or timezone.localdate()
        return self.open().filter(due__gte=on, due__lte=on + datetime.timedelta(days=days))

    def not_exempt(self):
        """Not raised on an exempt (Schedule 12A) agenda item, nor confidential."""
        return self.filter(_NOT_EXEMPT_ITEM)

    def on_items_visible_to(self, user, *, group=None, within=None):
        """Not raised on an agenda item the user may not see (the exempt-item rule:
        AgendaItem.objects.visible_to), as a group's tracker and a review's
        recommendations list them. Given `group`, the one group all these actions
        are of, that is asked once, without a query; given `within`, the groups (a
        queryset) all these actions are of, only those are asked."""
        if group is not None:
            return self if _sees_exempt(user, group) else self.not_exempt()
        entitled = _entitled_group_ids(user, within)
        return self.filter(_NOT_EXEMPT_ITEM | Q(group_id__in=entitled))

    def visible_to(self, user):
        """The actions the user may see as an action's own page shows it: those
        raised on the agenda items they may see, and the actions they own, whatever
        the item. Someone who reads no meetings sees only their own."""
        own = Q(owner_id=user.person_id) if user.person_id else Q(pk__in=[])
        if not user.has_perm("meetings.view_meetings"):
            return self.filter(own)
        return self.filter(_NOT_EXEMPT_ITEM | Q(group_id__in=_entitled_group_ids(user)) | own)

    def for_tracker(self):
        """The tracker: the date of each action's last update as a correlated
        subquery, so a page of 50 is sorted and cut before anything is joined."""
        last = ActionUpdate.objects.filter(action=OuterRef("pk")).order_by("-on").values("on")[:1]
        return (
            self.select_related("owner__organisation", "item", "group")
            .annotate(last_update=Subquery(last))
            .order_by(F("due").asc(nulls_last=True), "id")
        )


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        PAUSED = "paused", "Paused"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS, Status.PAUSED)

    group = models.ForeignKey(
        "partnerships.Group", on_delete=models.PROTECT, related_name="actions"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_on = models.DateField(default=timezone.localdate)
    confidential = models.BooleanField(
        default=False,
        editable=False,
        help_text="Raised on a confidential record (a domestic homicide review): hidden as "
        "an action on an exempt item is.",
    )

    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="action_completed_on_iff_done",
            ),
            # A confidential action is agreed at no agenda item: the pages and the
            # minutes that list an item's actions would show it to the item's readers.
            models.CheckConstraint(
                condition=Q(confidential=False) | Q(item__isnull=True),
                name="confidential_action_on_no_item",
            ),
        ]

    def __str__(self):
        return self.description[:60]

    def save(self, *args, **kwargs):
        """Saved; a new owner (or a new action with one) is told, once it commits
        (meetings.events.action_assigned)."""
        super().save(*args, **kwargs)
        if self.owner_id and self.owner_id != getattr(self, "_saved_owner_id", None):
            events.action_assigned.send(Action, action=self)
        self._saved_owner_id = self.owner_id

    def get_absolute_url(self):
        return reverse("meetings:action_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        action = super().from_db(db, field_names, values)
        action._saved_owner_id = action.__dict__.get("owner_id")
        return action

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def is_on_item_visible_to(self, user):
        """As `Action.objects.on_items_visible_to(user)`, for one action loaded with
        its item and group."""
        if not self.confidential and (self.item_id is None or not self.item.exempt):
            return True
        return _sees_exempt(user, self.group)

    def is_visible_to(self, user):
        """As `Action.objects.visible_to(user)`, for one action loaded with its item
        and group."""
        if user.person_id is not None and self.owner_id == user.person_id:
            return True
        return user.has_perm("meetings.view_meetings") and self.is_on_item_visible_to(user)

    def is_overdue(self, on=None):
        return self.is_open and self.due is not None and self.due < (on or timezone.localdate())

    def age_days(self, on=None):
        return ((on or timezone.localdate()) - self.created_on).days


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(default=timezone.localdate)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_person = models.ForeignKey(
        "partnerships.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.on}: {self.text[:40]}"
