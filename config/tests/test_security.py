"""The security settings: Content-Security-Policy, production cookies and HSTS, the
session idle timeout, and Django's deployment checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.tests.test_settings import COUNCIL_DETAILS

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "test-only-" + secrets.token_hex(32),
    "ALLOWED_HOSTS": "csp.example.org",
}


def _run(code_or_args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        # The browser tests allow sync database calls in this process; production never does.
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "CELERY_BROKER_URL",
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/", "/accessibility/"])
def test_every_page_has_a_policy_without_unsafe_inline_or_eval(client, officer, path):
    if path != "/login/":
        client.force_login(officer)
    response = client.get(path)
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in header.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    for name, value in directives.items():
        assert "unsafe-inline" not in value, name
        assert "unsafe-eval" not in value, name


def test_production_has_secure_cookies_hsts_and_a_30_minute_session():
    result = _run(
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_AGE', 'OTP_REQUIRED_FOR_ADMINS', "
        "'MAX_UPLOAD_BYTES']}))",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_AGE"] == 30 * 60
    assert values["OTP_REQUIRED_FOR_ADMINS"] is True
    assert 0 < values["MAX_UPLOAD_BYTES"] <= 10 * 1024 * 1024


def test_development_does_not_demand_https():
    result = _run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        DEBUG="true",
    )
    assert result.stdout.split() == ["False", "0"], result.stderr


def test_production_passes_the_deployment_checks_with_no_warnings():
    # The services a production start needs are named, not reached: no check connects.
    services = {
        "DATABASE_URL": "postgres://app@db.example.org:5432/partnerships",
        "REDIS_URL": "redis://cache.example.org:6379/0",
        "SITE_URL": "https://csp.example.org",
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
        "DEFAULT_FROM_EMAIL": "community.safety@example.org",
        **COUNCIL_DETAILS,
    }
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION, **services
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
