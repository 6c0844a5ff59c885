"""A person in the register under UK GDPR: everything held about them, to give them
on request; erasure where no record of the council's needs them; and, years after
they were archived, their name and details replaced, in their history too.

Which records hold a person is read from the models themselves (every relation to
Person, and to the account linked to it), so a record type added later is included
without a change here. A relation that PROTECTs the person is a record of record:
seats, attendance, declarations, actions, priorities and grants are what the
council's minutes and accounts rest on, so a person named in one is not erased."""

import datetime
import json

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from partnerships.models import Person

# What each record of record is, for the reasons an erasure is refused.
RECORDS_OF_RECORD = {
    "partnerships.Membership": "seats on groups",
    "partnerships.Deputy": "standing deputy arrangements",
    "meetings.Attendance": "attendance at meetings",
    "meetings.Declaration": "declarations of interest",
    "meetings.Action": "actions owned",
    "strategy.Priority": "priorities led",
    "funding.Grant": "grants as commissioning lead",
}
# Records naming an account that are not data about its holder: its secrets and the
# admin site's log of what it changed in others' records.
NOT_ABOUT_THEM = {
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",
    "knox.AuthToken",
    "admin.LogEntry",
}
# Fields of an account never given out: secrets, not data about the person.
ACCOUNT_SECRETS = {"password"}
PERSONAL_FIELDS = ("name", "email", "job_title", "seniority")


def held_about(person):
    """{section: rows} of everything held about the person: their entry and its
    history, their account (if any) and its history, and every record naming them."""
    held = {
        "person": [_row(person)],
        "person history": [_row(row) for row in person.history.order_by("history_date")],
    }
    user = getattr(person, "user", None)
    if user is not None:
        held["account"] = [_row(user, leave_out=ACCOUNT_SECRETS)]
        held["account history"] = [
            _row(row, leave_out=ACCOUNT_SECRETS) for row in user.history.order_by("history_date")
        ]
    for owner in [person] + ([user] if user is not None else []):
        for relation, records in _naming(owner):
            held[_section(relation)] = [_row(record) for record in records]
    return held


def held_counts(person):
    """[(section, how many)] of held_about(), counted, not read: for the page."""
    counts = [("person", 1), ("person history", person.history.count())]
    user = getattr(person, "user", None)
    if user is not None:
        counts += [("account", 1), ("account history", user.history.count())]
    for owner in [person] + ([user] if user is not None else []):
        for relation, records in _naming(owner):
            counts.append((_section(relation), records.count()))
    return counts


def _section(relation):
    return f"{relation.related_model._meta.verbose_name_plural} ({relation.field.verbose_name})"


def as_json(held):
    return json.dumps(held, indent=1, default=str, ensure_ascii=False)


CSV_HEADERS = ["section", "record", "field", "value"]


def csv_rows(held):
    """One row per value: section, record, field, value (any kind of record fits)."""
    return [
        [section, n, field, "" if value is None else str(value)]
        for section, records in held.items()
        for n, row in enumerate(records, start=1)
        for field, value in row.items()
    ]


def erasure_refused(person):
    """Why the person cannot be erased: each record of record that names them, with
    how many. Empty when they can be."""
    reasons = []
    for relation, records in _naming(person):
        label = relation.related_model._meta.label
        if relation.on_delete is models.PROTECT:
            what = RECORDS_OF_RECORD.get(label, relation.related_model._meta.verbose_name_plural)
            count = records.count()
            reasons.append(f"{count} {what}: part of the council's record")
    return reasons


@transaction.atomic
def erase(person):
    """Delete the person, everything that only concerns them (reminders, notices) and
    their history; their account, if any, is unlinked, not deleted. Refused (ValueError)
    when erasure_refused() gives reasons."""
    if reasons := erasure_refused(person):
        raise ValueError("; ".join(reasons))
    pk = person.pk
    person.delete()
    Person.history.filter(id=pk).delete()


def anonymise(person):
    """Replace the person's name and details, now and in every version of their
    history; the records naming them then name a former member."""
    replaced = {
        "name": f"Former member {person.pk}",
        "email": "",
        "job_title": "",
        "seniority": "",
    }
    with transaction.atomic():
        Person.objects.filter(pk=person.pk).update(**replaced)
        Person.history.filter(id=person.pk).update(**replaced)
        user = getattr(person, "user", None)
        if user is not None and not user.is_active:  # a closed account: its names too
            _anonymise_account(user)
        for relation, records in _naming(person):
            if relation.on_delete is models.CASCADE:  # their reminders and notices
                records.delete()


def anonymise_archived(now=None):
    """Nightly: people archived PEOPLE_ANONYMISED_AFTER_YEARS ago or more, not yet
    anonymised and with no active account, are anonymised. How many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=round(365.25 * settings.PEOPLE_ANONYMISED_AFTER_YEARS))
    due = (
        Person.objects.filter(archived_at__lte=cutoff)
        .exclude(name__startswith="Former member ")
        .exclude(user__is_active=True)
    )
    count = 0
    for person in due:
        anonymise(person)
        count += 1
    return count


def _anonymise_account(user):
    """A closed account's name and email address replaced, in its history too; what it
    was told (reminders, notices) deleted."""
    replaced = {
        "first_name": "",
        "last_name": "",
        "email": f"former-account-{user.pk}@anonymised.invalid",
    }
    type(user).objects.filter(pk=user.pk).update(**replaced)
    type(user).history.filter(id=user.pk).update(**replaced)
    for relation, records in _naming(user):
        if relation.on_delete is models.CASCADE:
            records.delete()


def _naming(owner):
    """(relation, records) for each kind of record naming `owner` (a person or an
    account) that has any."""
    # Hidden relations too: the progress updates they wrote, and the versions kept in
    # other records' history that name them. Not the versions their account saved of
    # other records (those are about others: the audit trail shows who changed what),
    # nor the account's secrets (authenticator keys, API tokens) or the admin's log.
    for relation in owner._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.one_to_many):
            continue  # the account itself, a field of their own, or many-to-many
        if relation.field.name == "history_user" or (
            relation.related_model._meta.label in NOT_ABOUT_THEM
        ):
            continue
        records = relation.related_model._base_manager.filter(**{relation.field.name: owner})
        if records.exists():
            yield relation, records


def _row(instance, leave_out=()):
    """{field: value} of a record's own columns (a related record by its id)."""
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in leave_out
    }
