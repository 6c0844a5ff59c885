"""A bad environment value stops the start with a message naming it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_starts_in_development_with_defaults():
    result = _start(DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DEBUG": "false"}, "SECRET_KEY is not set"),
        (
            {"DEBUG": "true", "DATABASE_URL": "nosuchdb://x/y"},
            "DATABASE_URL='nosuchdb://x/y' is not a valid URL",
        ),
        (
            {"DEBUG": "true", "REDIS_URL": "localhost:6379"},
            "REDIS_URL='localhost:6379' is not a URL",
        ),
        (
            {"DEBUG": "true", "CONN_MAX_AGE": "forever"},
            "CONN_MAX_AGE='forever' is not a whole number",
        ),
        (
            {"DEBUG": "true", "OVERLAP_THRESHOLD": "half"},
            "OVERLAP_THRESHOLD='half' is not a share",
        ),
        (
            {"DEBUG": "true", "OVERLAP_THRESHOLD": "50"},
            "OVERLAP_THRESHOLD='50' is not a share",
        ),
        (
            {"DEBUG": "true", "EMAIL_URL": "pigeon://loft"},
            "EMAIL_URL='pigeon://loft' is not a valid URL",
        ),
    ],
)
def test_it_refuses_a_bad_value_with_a_clear_message(env, message):
    result = _start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_it_starts_in_production_with_a_secret_key():
    result = _start(DEBUG="false", SECRET_KEY="x" * 60, ALLOWED_HOSTS="csp.example.org")
    assert result.returncode == 0, result.stderr


def test_it_runs_tasks_inline_without_a_broker():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER, settings.TIME_ZONE, settings.LANGUAGE_CODE)",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}},
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "Europe/London", "en-gb"], result.stderr
