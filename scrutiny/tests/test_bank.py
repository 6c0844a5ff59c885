"""The question bank and the health checks are there after migrate, and come
back after a flush; what an admin changed is never overwritten."""

import pytest
from django.core.management import call_command

from scrutiny.bank import HEALTH_CHECKS, QUESTIONS
from scrutiny.models import HealthCheck, ScopingQuestion

BANK_SIZE = sum(len(texts) for texts in QUESTIONS.values())


@pytest.mark.django_db
def test_migrate_loads_the_bank_and_every_check():
    assert ScopingQuestion.objects.count() == BANK_SIZE
    assert set(HealthCheck.objects.values_list("name", flat=True)) == set(HEALTH_CHECKS)


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_them_back():
    call_command("flush", interactive=False, verbosity=0)
    assert ScopingQuestion.objects.count() == BANK_SIZE
    assert HealthCheck.objects.count() == len(HEALTH_CHECKS)


@pytest.mark.django_db(transaction=True)
def test_a_second_migrate_keeps_what_an_admin_changed():
    question = ScopingQuestion.objects.first()
    question.text = "Reworded by the council"
    question.save()
    HealthCheck.objects.filter(name="minutes_late").update(threshold=99, enabled=False)

    call_command("migrate", verbosity=0)

    assert ScopingQuestion.objects.count() == BANK_SIZE
    assert ScopingQuestion.objects.filter(text="Reworded by the council").count() == 1
    check = HealthCheck.objects.get(name="minutes_late")
    assert (check.threshold, check.enabled) == (99, False)
