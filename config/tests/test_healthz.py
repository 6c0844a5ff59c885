import pytest


@pytest.mark.django_db
def test_it_reports_database_and_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "not configured"}


@pytest.mark.django_db
def test_it_fails_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"].startswith("error")
    assert body["database"] == "ok"


@pytest.mark.django_db
def test_readiness_checks_the_storage_too(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "not configured",
        "storage": "ok",
        "worker": "not configured",  # tasks run inline here
        "beat": "not configured",
    }
    assert not any((tmp_path / "media").rglob("*.txt"))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = blocked
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["storage"].startswith("error")


@pytest.mark.django_db
def test_a_beat_silent_for_more_than_a_day_is_not_ready(settings):
    import datetime

    from django.utils import timezone
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from config import health
    from config.celery import app

    every = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    task = PeriodicTask.objects.create(name="nightly", task="config.echo", interval=every)
    now = timezone.now()
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False  # as in production, with a broker
    try:
        assert health.beat_status(now) == "error: beat has not run a schedule yet"
        PeriodicTask.objects.filter(pk=task.pk).update(
            last_run_at=now - datetime.timedelta(hours=3)
        )
        assert health.beat_status(now) == "ok"
        PeriodicTask.objects.filter(pk=task.pk).update(
            last_run_at=now - datetime.timedelta(hours=27)
        )
        assert health.beat_status(now).startswith("error: beat last ran a schedule at ")
    finally:
        app.conf.task_always_eager = saved


@pytest.mark.django_db
def test_with_the_broker_away_the_worker_and_beat_are_not_asked(client, settings):
    from config.celery import app

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False  # as in production, with a broker configured
    try:
        response = client.get("/readyz")
    finally:
        app.conf.task_always_eager = saved
    assert response.status_code == 503
    body = response.json()
    assert body["broker"].startswith("error") and body["storage"] == "ok"
    assert (
        body["worker"] == body["beat"] == ("not asked: the broker or the database is not answering")
    )
