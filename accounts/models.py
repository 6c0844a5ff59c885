from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.ADMIN)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """Someone who signs in. The email address is the login."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Community safety officer"
        SCRUTINY = "scrutiny", "Scrutiny member"
        CHAIR = "chair", "Board chair"
        ADMIN = "admin", "Administrator"
        ACTION_OWNER = "owner", "Action owner"

    username = None
    email = models.EmailField("email address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OFFICER)
    partnerships = models.ManyToManyField(
        "partnerships.Partnership",
        blank=True,
        related_name="users",
        help_text="For an officer, the partnerships they support; "
        "for a scrutiny member, the partnerships in scope.",
    )
    person = models.OneToOneField(
        "partnerships.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text="The register entry for this user: a chair chairs the groups "
        "in which this person holds the chair.",
    )

    # Single sign-on (accounts/directory.py): the directory's stable id for this person,
    # set at their first sign-in through it, which an administrator must allow.
    directory_subject = models.CharField(
        "council directory id",
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The council directory's own id for this person (Entra ID's object id), "
        "set at their first single sign-on.",
    )
    directory_link_allowed = models.BooleanField(
        "may link to the council directory",
        default=False,
        help_text="At their next single sign-on, link this account to the directory "
        "account with the same email address (once; then they are matched on its id).",
    )

    digest_opt_out = models.BooleanField(
        "no daily reminder emails",
        default=False,
        help_text="Stops the daily digest; escalations about overdue actions still come.",
    )

    unread_notices = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many notifications are unread (reminders.Notice)."
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login", "unread_notices"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_admin(self):
        return self.is_superuser or self.role == self.Role.ADMIN

    @property
    def is_officer(self):
        return self.role == self.Role.OFFICER

    @property
    def is_scrutiny(self):
        return self.role == self.Role.SCRUTINY

    @property
    def is_chair(self):
        return self.role == self.Role.CHAIR

    @cached_property
    def partnership_ids(self):
        """The partnerships an officer supports (or a scrutiny member has in scope)."""
        return frozenset(self.partnerships.values_list("id", flat=True))
