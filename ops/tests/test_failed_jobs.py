"""A background task that fails for good leaves a FailedJob row that admins see;
one that succeeds, none."""

import pytest

from config.celery import app
from ops.models import FailedJob

pytestmark = pytest.mark.django_db


@app.task(name="ops.tests.refuse")
def refuse(value):
    raise ValueError(f"cannot take {value}")


def test_it_records_a_task_that_fails_for_good():
    # As on a worker: the failure is the task's, not raised in the caller.
    app.conf.task_eager_propagates = False  # the tests' fixture puts it back
    assert refuse.delay(7).failed()
    job = FailedJob.objects.get()
    assert job.task == "ops.tests.refuse"
    assert job.error == "ValueError: cannot take 7"
    assert job.arguments == {"args": ["7"], "kwargs": {}}
    assert "cannot take 7" in job.details


def test_it_records_nothing_for_a_task_that_succeeds():
    from config.celery import echo

    assert echo.delay(3).get() == 3
    assert not FailedJob.objects.exists()


def test_an_admin_sees_the_failed_jobs(admin_client):
    FailedJob.objects.create(task="reports.build", error="ValueError: the template is broken")
    response = admin_client.get("/admin/ops/failedjob/")
    assert response.status_code == 200
    assert "ValueError: the template is broken" in response.content.decode()
