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
            {"DEBUG": "true", "ACCESSIBILITY_STATEMENT_PREPARED": "4/12/2026"},
            "ACCESSIBILITY_STATEMENT_PREPARED='4/12/2026' is not a date; write it as YYYY-MM-DD",
        ),
        (
            {"DEBUG": "true", "TRUSTED_PROXY_COUNT": "two"},
            "TRUSTED_PROXY_COUNT='two' is not a whole number",
        ),
        (
            {"DEBUG": "true", "TRUSTED_PROXY_COUNT": "-1"},
            "TRUSTED_PROXY_COUNT=-1 is not a number of proxies",
        ),
        (
            {"DEBUG": "true", "API_TOKEN_DAYS": "0"},
            "API_TOKEN_DAYS=0 is not a number of days",
        ),
        (
            {"DEBUG": "true", "API_RATE_PER_USER": "lots"},
            "API_RATE_PER_USER='lots' is not a rate",
        ),
        (
            {"DEBUG": "true", "API_RATE_PER_ADDRESS": "30/fortnight"},
            "API_RATE_PER_ADDRESS='30/fortnight' is not a rate",
        ),
        (
            {"DEBUG": "true", "CONFIDENTIAL_REPORT_KEEP_DAYS": "60"},
            "CONFIDENTIAL_REPORT_KEEP_DAYS must not be longer than REPORT_KEEP_DAYS",
        ),
        (
            {"DEBUG": "true", "SIGN_IN_RECORD_DAYS": "0"},
            "SIGN_IN_RECORD_DAYS=0 is not a number of days",
        ),
        (
            {"DEBUG": "true", "NOTIFY_API_KEY": "not-a-key"},
            "NOTIFY_API_KEY is not a Notify API key",
        ),
        (
            {"DEBUG": "true", "NOTIFY_API_KEY": f"live-{'1' * 36}-{'2' * 36}"},
            "NOTIFY_API_KEY is set but NOTIFY_TEMPLATE_ID is not",
        ),
        (
            {"DEBUG": "true", "STORAGE_BUCKET": "papers", "STORAGE_ACCESS_KEY_ID": "AKIA1"},
            "STORAGE_ACCESS_KEY_ID is set but STORAGE_SECRET_KEY is not",
        ),
        (
            {"DEBUG": "true", "STORAGE_ENDPOINT_URL": "https://objects.example.org"},
            "STORAGE_ENDPOINT_URL set but STORAGE_BUCKET is not",
        ),
        (
            {"DEBUG": "true", "OIDC_CLIENT_ID": "csp", "OIDC_ISSUER": "https://login.example/v2.0"},
            "OIDC_CLIENT_ID is set but OIDC_CLIENT_SECRET, OIDC_AUTHORIZATION_ENDPOINT, "
            "OIDC_TOKEN_ENDPOINT, OIDC_JWKS_ENDPOINT are not",
        ),
        (
            {"DEBUG": "true", "OIDC_CLIENT_SECRET": "s3cret"},
            "OIDC_CLIENT_SECRET set but OIDC_CLIENT_ID is not",
        ),
        (
            {"DEBUG": "true", "LOG_FORMAT": "xml"},
            "LOG_FORMAT='xml' is not a log format: use json or text",
        ),
        (
            {"DEBUG": "true", "SENTRY_DSN": "sentry.example.org/1"},
            "SENTRY_DSN is not a Sentry DSN (Unsupported scheme '')",
        ),
        (
            {"DEBUG": "true", "SENTRY_ENVIRONMENT": "staging"},
            "SENTRY_ENVIRONMENT set but SENTRY_DSN is not",
        ),
        (
            {
                "DEBUG": "true",
                "SENTRY_DSN": "http://key@127.0.0.1:9/1",
                "SENTRY_TRACES_SAMPLE_RATE": "10%",
            },
            "SENTRY_TRACES_SAMPLE_RATE='10%' is not a share",
        ),
        (
            {"DEBUG": "true", "METRICS_TOKEN": "secret"},
            "METRICS_TOKEN is 6 characters long: use a random string of 32 or more",
        ),
        (
            {"DEBUG": "false", "SECRET_KEY": "x" * 60, "METRICS_TOKEN": "t" * 32},
            "METRICS_TOKEN is set but REDIS_URL is not",
        ),
        (
            {"DEBUG": "true", "NOTIFY_CALLBACK_TOKEN": "short"},
            "NOTIFY_CALLBACK_TOKEN is too short",
        ),
        (
            {"DEBUG": "true", "NOTIFY_CALLBACK_TOKEN": "a-long-enough-token"},
            "NOTIFY_CALLBACK_TOKEN is set but NOTIFY_API_KEY is not",
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


def test_files_go_to_the_bucket_named_and_to_the_disk_otherwise():
    show = (
        "import django; django.setup(); from django.core.files.storage import storages;"
        "d = storages['default'];"
        "print(type(d).__name__, getattr(d, 'bucket_name', '-'), getattr(d, 'default_acl', '-'))"
    )
    for env, expected in [
        ({}, "FileSystemStorage - -"),
        (
            {"STORAGE_BUCKET": "csp-files", "STORAGE_ENDPOINT_URL": "http://127.0.0.1:9"},
            "S3Storage csp-files None",
        ),
    ]:
        result = subprocess.run(
            [sys.executable, "-c", show],
            cwd=ROOT,
            env={**os.environ, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.stdout.strip() == expected, result.stderr


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


def _manage_check(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "SITE_URL",
            "TASKS_INLINE",
            "EMAIL_URL",
            "DEFAULT_FROM_EMAIL",
            *COUNCIL_DETAILS,
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "csp.example.org", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_database_broker_or_site_address():
    result = _manage_check(DEBUG="false")
    assert result.returncode != 0
    for code, words in [
        ("config.E001", "DATABASE_URL is not set"),
        ("config.E002", "No Celery broker is set"),
        ("config.E003", "SITE_URL is not set"),
    ]:
        assert f"{code}) {words}" in result.stderr or f"{code}: {words}" in result.stderr, (
            result.stderr
        )


COUNCIL_DETAILS = {
    "COUNCIL_CONTACT_EMAIL": "safer@example.org",
    "COUNCIL_ADDRESS": "Town Hall, Exampleton",
    "DATA_PROTECTION_OFFICER_EMAIL": "dpo@example.org",
    "ACCESSIBILITY_STATEMENT_PREPARED": "2026-12-04",
    "ACCESSIBILITY_STATEMENT_REVIEWED": "2026-12-04",
    "GRANT_ID_PREFIX": "360G-exampleton",
}


def test_production_refuses_to_start_without_the_councils_contact_details():
    result = _manage_check(DEBUG="false")
    assert result.returncode != 0
    contact = [name for name in COUNCIL_DETAILS if name != "GRANT_ID_PREFIX"]
    assert "config.E006" in result.stderr and ", ".join(contact) in result.stderr
    assert "config.E007" in result.stderr and "GRANT_ID_PREFIX is the demo's" in result.stderr


def test_production_refuses_to_start_without_an_email_server_or_sender():
    """Not quietly smtp://localhost:25 from governance@localhost."""
    result = _manage_check(DEBUG="false")
    assert result.returncode != 0
    for code, words in [
        ("config.E004", "EMAIL_URL is not set"),
        ("config.E005", "DEFAULT_FROM_EMAIL is not set"),
    ]:
        assert f"{code}) {words}" in result.stderr or f"{code}: {words}" in result.stderr, (
            result.stderr
        )


def test_production_starts_when_each_is_given_or_inline_tasks_are_meant():
    given = {
        "DATABASE_URL": "sqlite:////tmp/x.sqlite3",
        "SITE_URL": "https://csp.example.org",
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
        "DEFAULT_FROM_EMAIL": "community.safety@example.org",
        **COUNCIL_DETAILS,
    }
    assert _manage_check(DEBUG="false", TASKS_INLINE="true", **given).returncode == 0
    result = _manage_check(DEBUG="false", REDIS_URL="redis://127.0.0.1:6379/0", **given)
    assert result.returncode == 0, result.stderr
    assert _manage_check(DEBUG="true").returncode == 0  # development keeps its defaults
