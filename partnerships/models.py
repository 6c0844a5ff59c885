"""The register: organisations, partnerships, their groups, people and memberships.

The shapes follow Popolo and OParl where they fit: an organisation, a person,
and a membership of a person in a body, on behalf of an organisation, with or
without a vote.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.files import document_extension
from config.history import describe_change, latest_changes


class Seniority(models.TextChoices):
    CHIEF_OFFICER = "chief_officer", "Chief officer"
    SENIOR_MANAGER = "senior_manager", "Senior manager"
    MANAGER = "manager", "Manager"
    PRACTITIONER = "practitioner", "Practitioner"
    ELECTED_MEMBER = "elected_member", "Elected member"


# The officers' levels, most junior first; an elected member is above them all.
_SENIORITY_RANK = {
    Seniority.PRACTITIONER: 0,
    Seniority.MANAGER: 1,
    Seniority.SENIOR_MANAGER: 2,
    Seniority.CHIEF_OFFICER: 3,
    Seniority.ELECTED_MEMBER: 4,
}


def at_or_above(seniority, expected):
    """Whether someone of `seniority` is at the `expected` level or above: practitioner,
    manager, senior manager, chief officer. An elected member meets any level: they
    decide for their council, which is what a level asked of those who attend is for.
    So only an elected member meets a level of elected member."""
    return _SENIORITY_RANK[seniority] >= _SENIORITY_RANK[expected]


def _count_of(queryset, field):
    """An annotation: how many rows of queryset point at this row through field.

    A correlated subquery, so a paged list computes it for its page only.
    """
    rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


class OrganisationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)

    def for_list(self):
        return self.annotate(
            seat_count=_count_of(Membership.objects.current(), "on_behalf_of"),
            partnership_count=_count_of(PartnershipMember.objects.all(), "organisation"),
        ).order_by("name")

    def for_detail_page(self):
        seats = (
            Membership.objects.current()
            .select_related("person", "group__partnership")
            .order_by("group__partnership__name", "group__name")
        )
        places = PartnershipMember.objects.select_related("partnership").order_by(
            "partnership__name"
        )
        return self.prefetch_related(
            Prefetch("seats", queryset=seats, to_attr="current_seats"),
            Prefetch("partnership_places", queryset=places, to_attr="places"),
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        PCC = "police_and_crime_commissioner", "Police and crime commissioner"
        FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
        HEALTH = "health", "Health"
        PROBATION = "probation", "Probation"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        HOUSING_PROVIDER = "housing_provider", "Housing provider"
        VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
        OTHER = "other", "Other"

    # The five kinds of statutory responsible authority (Crime and Disorder Act 1998, s5).
    STATUTORY_KINDS = (
        Kind.LOCAL_AUTHORITY,
        Kind.POLICE,
        Kind.FIRE_AND_RESCUE,
        Kind.HEALTH,
        Kind.PROBATION,
    )

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    statutory_responsible_authority = models.BooleanField(
        default=False, help_text="A responsible authority under the Crime and Disorder Act 1998."
    )
    identifier = models.CharField(
        max_length=100, blank=True, help_text="For example GB-LAE-SWD or a charity number."
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation_detail", args=[self.pk])


class PartnershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Partnership.Status.ACTIVE)

    def for_list(self):
        """The partnership list and home pages: counts without a query per row."""
        return (
            self.select_related("reports_to")
            .annotate(
                group_count=_count_of(Group.objects.current(), "partnership"),
                member_count=_count_of(PartnershipMember.objects.all(), "partnership"),
            )
            .order_by("name")
        )

    def for_detail_page(self):
        """With its member organisations; its groups are paged (Partnership.live_groups)."""
        members = PartnershipMember.objects.select_related("organisation").order_by(
            "organisation__name"
        )
        return self.select_related("parent", "reports_to", "merged_into").prefetch_related(
            Prefetch("members", queryset=members),
        )


class Partnership(models.Model):
    class Kind(models.TextChoices):
        CSP = "community_safety_partnership", "Community safety partnership"
        COUNTY_STRATEGIC_GROUP = "county_strategic_group", "County strategic group"
        SAFEGUARDING = "safeguarding_partnership", "Safeguarding partnership"
        HEALTH_AND_WELLBEING = "health_and_wellbeing_board", "Health and wellbeing board"
        CRIMINAL_JUSTICE = "criminal_justice_board", "Criminal justice board"
        POLICE_AND_CRIME_PANEL = "police_and_crime_panel", "Police and crime panel"
        POLICE_AND_CRIME_COMMISSIONER = (
            "police_and_crime_commissioner",
            "Police and crime commissioner",
        )
        LOCAL_STRATEGIC = "local_strategic_partnership", "Local strategic partnership"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        MERGED = "merged", "Merged into another"
        DISSOLVED = "dissolved", "Dissolved"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    area = models.CharField(max_length=200, blank=True)
    statutory = models.BooleanField(default=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reported_by"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    notes = models.TextField(
        blank=True, help_text="Aims, priorities and anything else the register should say."
    )

    history = HistoricalRecords()
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="partnership_name_unique_ci"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="partnership_not_own_parent"),
            models.CheckConstraint(
                condition=~Q(reports_to=F("id")), name="partnership_not_reporting_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="partnership_merged_into_iff_merged",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:partnership_detail", args=[self.pk])

    def statutory_composition(self):
        """Each statutory kind of responsible authority, with the member
        organisations of that kind (empty when the kind is missing).

        Uses the prefetched members when they are there.
        """
        present = {kind: [] for kind in Organisation.STATUTORY_KINDS}
        for member in self.members.all():
            org = member.organisation
            if org.kind in present and member.role == PartnershipMember.Role.RESPONSIBLE_AUTHORITY:
                present[org.kind].append(org)
        return [(Organisation.Kind(kind).label, orgs) for kind, orgs in present.items()]

    def missing_statutory_kinds(self):
        return [label for label, orgs in self.statutory_composition() if not orgs]

    def live_groups(self):
        """Its groups not archived, by name, as its page lists them: each with who
        it reports to, its parent and its count of current members."""
        # Counted for each group shown, not for all before a page of them is cut: a
        # partnership can hold thousands of groups.
        return (
            self.groups.filter(archived_at__isnull=True)
            .select_related("reports_to__partnership", "parent")
            .annotate(member_count=_count_of(Membership.objects.filter(end__isnull=True), "group"))
            .order_by("name", "pk")
        )


class PartnershipMember(models.Model):
    """An organisation's place in a partnership."""

    class Role(models.TextChoices):
        RESPONSIBLE_AUTHORITY = "responsible_authority", "Responsible authority"
        PARTNER = "partner", "Partner"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnership_places"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PARTNER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="partnership_member_unique"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} in {self.partnership}"


class GroupQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)

    def chaired_by(self, person_id):
        return (
            self.current()
            .filter(
                memberships__person_id=person_id,
                memberships__role__in=[Membership.Role.CHAIR, Membership.Role.VICE_CHAIR],
                memberships__end__isnull=True,
            )
            .distinct()
        )

    def for_list(self):
        return (
            self.current()
            .select_related("partnership", "reports_to")
            .annotate(member_count=_count_of(Membership.objects.current(), "group"))
            .order_by("partnership__name", "name")
        )

    def for_tor_register(self):
        return self.current().only(
            "id",
            "name",
            "kind",
            "partnership_id",
            "tor_file",
            "tor_approved",
            "tor_review_due",
            "expected_seniority",
        )

    def for_detail_page(self):
        memberships = (
            Membership.objects.current()
            .select_related("person__organisation", "on_behalf_of")
            .annotate(
                role_rank=Case(
                    *[When(role=r, then=Value(i)) for i, r in enumerate(Membership.Role.values)],
                    output_field=models.IntegerField(),
                )
            )
            .order_by("role_rank", "person__name")
            .prefetch_related(
                Prefetch("deputies", queryset=Deputy.objects.select_related("person"))
            )
        )
        return self.select_related(
            "partnership", "parent", "reports_to__partnership"
        ).prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="current_memberships"),
            Prefetch(
                "reported_by",
                queryset=Group.objects.current().select_related("partnership"),
                to_attr="reporting_groups",
            ),
        )


# The items a council's committee agenda opens and closes with, unless the group
# sets its own.
OPENING_ITEMS = (
    "Apologies for absence",
    "Declarations of interest",
    "Minutes of the last meeting",
    "Matters arising",
)
CLOSING_ITEMS = ("Any other business",)


class Group(models.Model):
    """A body of a partnership: a board, sub-group, task and finish group or panel."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        EXECUTIVE = "executive", "Executive"
        SUB_GROUP = "sub_group", "Sub-group"
        TASK_AND_FINISH = "task_and_finish", "Task and finish group"
        TASKING = "tasking", "Tasking group"
        OPERATIONAL_PANEL = "operational_panel", "Operational panel"
        FORUM = "forum", "Forum"

    # The kinds that act on cases and tasks; the others govern.
    ACTING_KINDS = frozenset({Kind.TASKING, Kind.OPERATIONAL_PANEL})

    class Meets(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        BIANNUAL = "biannual", "Twice a year"
        ANNUAL = "annual", "Once a year"
        AD_HOC = "ad_hoc", "As needed"

    MEETINGS_A_YEAR = {
        "weekly": 52,
        "monthly": 12,
        "bimonthly": 6,
        "quarterly": 4,
        "biannual": 2,
        "annual": 1,
        "ad_hoc": 0,
    }

    class TorStatus(models.TextChoices):
        MISSING = "missing", "No Terms of Reference"
        OVERDUE = "overdue", "Review overdue"
        CURRENT = "current", "Current"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    purpose = models.TextField(blank=True)
    statutory_function = models.BooleanField(default=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reported_by"
    )
    meets = models.CharField(max_length=20, choices=Meets.choices, default=Meets.QUARTERLY)
    quorum = models.PositiveSmallIntegerField(null=True, blank=True)
    tor_file = models.FileField("Terms of Reference", upload_to="tor/%Y/", blank=True)
    tor_approved = models.DateField("Terms of Reference approved", null=True, blank=True)
    tor_review_due = models.DateField("Terms of Reference review due", null=True, blank=True)
    expected_seniority = models.CharField(
        "Seniority its Terms of Reference expect",
        max_length=20,
        choices=Seniority.choices,
        blank=True,
    )
    opening_items = models.TextField(
        "Standard items at the start of an agenda",
        blank=True,
        default="\n".join(OPENING_ITEMS),
        help_text="One a line. Every meeting scheduled starts with these items, in this order.",
    )
    closing_items = models.TextField(
        "Standard items at the end of an agenda",
        blank=True,
        default="\n".join(CLOSING_ITEMS),
        help_text="One a line. Items added later go before these.",
    )
    notes = models.TextField(blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "name"]
        constraints = [
            models.UniqueConstraint(
                "partnership", Lower("name"), name="group_name_unique_in_partnership"
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="group_not_own_parent"),
            models.CheckConstraint(
                condition=~Q(reports_to=F("id")), name="group_not_reporting_to_itself"
            ),
            models.CheckConstraint(
                condition=Q(tor_review_due__isnull=True)
                | Q(tor_approved__isnull=True)
                | Q(tor_review_due__gte=F("tor_approved")),
                name="group_tor_review_after_approval",
            ),
            models.CheckConstraint(
                condition=Q(quorum__isnull=True) | Q(quorum__gte=1), name="group_quorum_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:group_detail", args=[self.pk])

    def clean(self):
        """The rules of the group form and the register import alike (the database
        holds them too, as constraints)."""
        errors = {}
        if self.quorum is not None and self.quorum < 1:
            errors["quorum"] = "The quorum must be 1 or more, or left empty."
        approved, review = self.tor_approved, self.tor_review_due
        if approved and review and review < approved:
            errors["tor_review_due"] = "The review date must be on or after the approval date."
        if review and not approved:
            errors["tor_approved"] = (
                "Enter the approval date of the Terms of Reference, or clear the review date."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def meetings_a_year(self):
        return self.MEETINGS_A_YEAR[self.meets]

    def tor_status(self, on=None):
        on = on or timezone.localdate()
        if not self.tor_approved:
            return self.TorStatus.MISSING
        if self.tor_review_due and self.tor_review_due < on:
            return self.TorStatus.OVERDUE
        return self.TorStatus.CURRENT

    @property
    def expected_level(self):
        """The seniority its Terms of Reference expect of those who attend, in words
        ("senior manager or above"), or "" when they do not say."""
        if not self.expected_seniority:
            return ""
        if self.expected_seniority == Seniority.ELECTED_MEMBER:
            return "elected members"
        return f"{self.get_expected_seniority_display().lower()} or above"

    @property
    def reports_to_no_one(self):
        """A loose end in the accountability graph. A board with no line is the
        partnership's own governing body, so it answers to the partnership."""
        return (
            self.reports_to_id is None and self.parent_id is None and self.kind != self.Kind.BOARD
        )

    @property
    def tor_extension(self):
        name = self.tor_file.name.lower()
        return next((ext for ext in (".pdf", ".docx", ".odt") if name.endswith(ext)), "")

    def standard_items(self):
        """The standard agenda items, as (title, closing) pairs in agenda order."""
        return [(t, False) for t in _lines(self.opening_items)] + [
            (t, True) for t in _lines(self.closing_items)
        ]

    def change_history(self, limit=20):
        """The latest changes to the group and to its seats: when, who, which fields,
        from what to what (two queries for the group's, two for its seats')."""
        changes = latest_changes(self, limit, links=GROUP_LINKS)
        changes += _seat_changes(self, limit)
        changes.sort(key=lambda c: c["when"], reverse=True)
        return changes[:limit]


# The fields of a group and of a seat that link to another record or hold a file: named
# alone in their history.
GROUP_LINKS = ("parent", "reports_to", "partnership", "tor_file", "on_behalf_of", "person", "group")


def _seat_changes(group, limit):
    """The latest changes to a group's seats, each described beside the version
    before it: 'Seat of Ann Lee added (Chair)', 'Seat of Ann Lee: Role: Member → Chair',
    'Seat of Ann Lee ended on 3 March 2026'."""
    Seat = Membership.history.model
    latest = list(
        Seat.objects.filter(group_id=group.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    if not latest:
        return []
    versions = {}
    for record in (
        Seat.objects.filter(id__in={r.id for r in latest})
        .select_related("person")
        .order_by("history_date", "history_id")
    ):
        versions.setdefault(record.id, []).append(record)
    labels = {f.name: f.verbose_name for f in Membership._meta.fields}
    changes = []
    for newer in latest:
        chain = versions[newer.id]
        at = next(i for i, r in enumerate(chain) if r.history_id == newer.history_id)
        older = chain[at - 1] if at else None
        who = f"Seat of {chain[at].person.name}"
        if newer.history_type == "+":
            fields = [f"{who} added ({newer.get_role_display()})"]
        elif newer.history_type == "-":
            fields = [f"{who} removed"]
        elif older is None:
            fields = [f"{who} changed"]
        else:
            fields = []
            for change in newer.diff_against(older).changes:
                if change.field == "end" and change.new:
                    fields.append(f"{who} ended on {change.new:%-d %B %Y}")
                elif change.field == "role":
                    fields.append(
                        f"{who}: role {dict(Membership.Role.choices)[change.old].lower()} → "
                        f"{dict(Membership.Role.choices)[change.new].lower()}"
                    )
                else:
                    fields.append(f"{who}: {describe_change(labels, change, links=GROUP_LINKS)}")
        changes.append({"when": newer.history_date, "who": newer.history_user, "fields": fields})
    return changes


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def _meetings_a_year(prefix):
    """An annotation: the meetings a year implied by the group's frequency."""
    return Case(
        *[When(**{f"{prefix}meets": k}, then=Value(v)) for k, v in Group.MEETINGS_A_YEAR.items()],
        default=Value(0),
        output_field=models.IntegerField(),
    )


class PersonQuerySet(models.QuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)

    def for_list(self):
        seats = Membership.objects.current().filter(person=OuterRef("pk")).order_by()
        return (
            self.select_related("organisation")
            .annotate(
                seat_count=_count_of(Membership.objects.current(), "person"),
                meetings_a_year=Coalesce(
                    Subquery(
                        seats.values("person")
                        .annotate(n=Sum(_meetings_a_year("group__")))
                        .values("n")
                    ),
                    0,
                ),
            )
            # People may share a name: the key breaks ties so pages never swap rows.
            .order_by("name", "pk")
        )

    def for_detail_page(self):
        memberships = (
            Membership.objects.current()
            .select_related("group__partnership", "on_behalf_of")
            .order_by("group__partnership__name", "group__name")
        )
        return self.select_related("organisation").prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="current_memberships")
        )


class Person(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    seniority = models.CharField(max_length=20, choices=Seniority.choices, blank=True)
    digest_opt_out = models.BooleanField(
        "No daily reminder emails",
        default=False,
        help_text="Escalations of long-overdue actions to a chair are sent all the same.",
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    links_revoked_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Links to update their actions given before this no longer work.",
    )
    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="person_email_unique_ci"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:person_detail", args=[self.pk])


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        if on is None:
            return self.filter(end__isnull=True)
        return self.filter(Q(start__isnull=True) | Q(start__lte=on)).filter(
            Q(end__isnull=True) | Q(end__gte=on)
        )

    def chairs(self):
        """The current chairs. A group has one: the membership form and the register
        import both refuse a second (Membership.chair_taken)."""
        return self.current().filter(role=Membership.Role.CHAIR)


class Membership(models.Model):
    """A person's seat on a group, on behalf of an organisation."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        ASSOCIATE = "associate", "Associate (non-voting)"
        ADVISER = "adviser", "Adviser"
        OFFICER_SUPPORT = "officer_support", "Officer support"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    voting = models.BooleanField(default=True)
    on_behalf_of = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
        help_text="The organisation this person represents on the group.",
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "group"],
                condition=Q(end__isnull=True),
                name="membership_one_current_per_person_and_group",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(role="associate") | Q(voting=False),
                name="membership_associate_has_no_vote",
            ),
        ]

    def __str__(self):
        return f"{self.person} on {self.group}"

    def end_on(self, day):
        """End the seat on `day`; one not yet started ends as it starts."""
        self.end = max(day, self.start or day)
        self.save(update_fields=["end"])

    @staticmethod
    def chair_taken(group, holder):
        """Why a second current chair of `group` is refused."""
        return f"{holder} already chairs {group}: end that membership first, or make this one vice-chair."

    @staticmethod
    def seat_taken(person, group, where=""):
        """Why a second current seat of one person on `group` is refused (the database
        holds this rule too, as a constraint); `where` names the first seat."""
        return f"{person} is already a member of {group}{where}."

    def clean(self):
        """The rules of the membership form and the register import alike (the
        database holds them too, as constraints)."""
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The end date must be on or after the start date."
        if self.role == self.Role.ASSOCIATE and self.voting:
            errors["voting"] = "An associate member has no vote."
        if errors:
            raise ValidationError(errors)


class Deputy(models.Model):
    """Someone who may stand in for a seat's holder: offered first when a meeting's
    attendance records a substitute for that seat."""

    seat = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="deputies")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="deputising")
    on_behalf_of = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Leave blank when they represent the seat's own organisation.",
    )
    can_decide = models.BooleanField(
        "Can take decisions",
        default=False,
        help_text="Whether they may decide for the organisation when they stand in.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["seat", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "person"], name="deputy_once_per_seat"),
        ]

    def __str__(self):
        return f"{self.person} deputising for {self.seat.person}"


class BoardLinkQuerySet(models.QuerySet):
    def of(self, partnership):
        """The links from or to the partnership."""
        return self.filter(Q(from_partnership=partnership) | Q(to_partnership=partnership))

    def for_partnership_page(self):
        return self.select_related("from_partnership", "to_partnership").order_by(
            "kind", "from_partnership__name", "to_partnership__name", "id"
        )


class BoardLink(models.Model):
    """A link between two boards of the area (a community safety partnership and the
    safeguarding partnership, the health and wellbeing board, the criminal justice
    board, the police and crime panel or commissioner): what kind of link, the
    protocol that sets it out and when that protocol is due for review."""

    class Kind(models.TextChoices):
        REPORTS_TO = "reports_to", "Reports to"
        HOLDS_TO_ACCOUNT = "holds_to_account", "Holds to account"
        JOINT_WORKING = "joint_working", "Joint working"
        INFORMATION_SHARING = "information_sharing", "Information sharing"
        COMMISSIONING = "commissioning", "Commissioning"

    from_partnership = models.ForeignKey(
        Partnership,
        on_delete=models.PROTECT,
        related_name="links_from",
        verbose_name="From",
        help_text="The board that reports, holds to account, or shares.",
    )
    to_partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="links_to", verbose_name="To"
    )
    kind = models.CharField("Kind of link", max_length=30, choices=Kind.choices)
    protocol_file = models.FileField("Protocol document", upload_to="protocols/%Y/", blank=True)
    protocol_agreed = models.DateField("Protocol agreed", null=True, blank=True)
    review_due = models.DateField("Protocol review due", null=True, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = BoardLinkQuerySet.as_manager()

    class Meta:
        ordering = ["from_partnership__name", "to_partnership__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_partnership=F("to_partnership")),
                name="board_link_between_two_boards",
            ),
            models.UniqueConstraint(
                fields=["from_partnership", "to_partnership", "kind"],
                name="board_link_once_a_kind",
            ),
            models.CheckConstraint(
                condition=Q(review_due__isnull=True)
                | Q(protocol_agreed__isnull=True)
                | Q(review_due__gte=F("protocol_agreed")),
                name="board_link_review_after_agreement",
            ),
        ]

    def __str__(self):
        kind = self.get_kind_display().lower()
        return f"{self.from_partnership} – {kind} – {self.to_partnership}"

    def get_absolute_url(self):
        return self.from_partnership.get_absolute_url()

    def clean(self):
        errors = {}
        if self.from_partnership_id and self.from_partnership_id == self.to_partnership_id:
            errors["to_partnership"] = "Choose another board: a link joins two boards."
        agreed, review = self.protocol_agreed, self.review_due
        if agreed and review and review < agreed:
            errors["review_due"] = "The review date must be on or after the date it was agreed."
        if errors:
            raise ValidationError(errors)

    def other(self, partnership):
        """The board at the other end from `partnership`."""
        if self.from_partnership_id == partnership.pk:
            return self.to_partnership
        return self.from_partnership

    def seen_from(self, partnership):
        """The link in words as `partnership` sees it: "This board reports to it",
        "Holds this board to account", "Joint working protocol"."""
        outgoing = self.from_partnership_id == partnership.pk
        if self.kind == self.Kind.REPORTS_TO:
            return "This board reports to it" if outgoing else "Reports to this board"
        if self.kind == self.Kind.HOLDS_TO_ACCOUNT:
            return "This board holds it to account" if outgoing else "Holds this board to account"
        return self.get_kind_display()

    def review_overdue(self, on=None):
        return bool(self.review_due and self.review_due < (on or timezone.localdate()))

    @property
    def protocol_extension(self):
        return document_extension(self.protocol_file.name)
