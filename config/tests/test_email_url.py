"""EMAIL_URL: every scheme django-environ knows becomes Django's email settings;
anything else stops the start with a message naming it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from config.email_url import BACKENDS, email_settings, without_password

ROOT = Path(__file__).resolve().parents[2]


def _settings_with(**env):
    """Start Django in a fresh process with this environment; its email settings,
    or the error that stopped it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.EMAIL_DELIVERY_BACKEND, settings.EMAIL_FILE_PATH)",
        ],
        cwd=ROOT,
        env={**clean, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_scheme_django_environ_knows_is_read_as_it_reads_it():
    assert BACKENDS == environ.Env.EMAIL_SCHEMES


def test_filemail_gives_the_folder_to_django(tmp_path):
    result = _settings_with(EMAIL_URL=f"filemail://{tmp_path}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(tmp_path),
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mail.example.test",
            {"EMAIL_HOST": "mail.example.test", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False},
        ),
        (
            "smtp+tls://user%40council:p%3Ass@mail.example.test",
            {
                "EMAIL_PORT": 587,
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
                "EMAIL_HOST_USER": "user@council",
                "EMAIL_HOST_PASSWORD": "p:ss",
            },
        ),
        ("smtps://mail.example.test:2525", {"EMAIL_PORT": 2525, "EMAIL_USE_TLS": True}),
        (
            "smtp+ssl://mail.example.test?timeout=5&ssl_certfile=/etc/c.pem&ssl_keyfile=/etc/k.pem",
            {
                "EMAIL_PORT": 465,
                "EMAIL_USE_SSL": True,
                "EMAIL_USE_TLS": False,
                "EMAIL_TIMEOUT": 5.0,
                "EMAIL_SSL_CERTFILE": "/etc/c.pem",
                "EMAIL_SSL_KEYFILE": "/etc/k.pem",
            },
        ),
        ("smtp://localhost:25", {"EMAIL_TIMEOUT": 30.0, "EMAIL_HOST_USER": ""}),
        ("filemail:///var/mail/governance", {"EMAIL_FILE_PATH": "/var/mail/governance"}),
        ("filemail:////var/mail/governance/", {"EMAIL_FILE_PATH": "/var/mail/governance/"}),
        ("consolemail://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("memorymail://", {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
        ("dummymail://", {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}),
    ],
)
def test_each_scheme_sets_what_django_needs(url, expected):
    config = email_settings(url)
    assert {name: config[name] for name in expected} == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("pigeon://loft", "pigeon is not an email scheme: use one of smtp, smtps"),
        ("mail.example.test", "no scheme is not an email scheme"),
        ("smtp://", "smtp needs a host: write it as smtp://user:password@host:25"),
        ("smtp://mail.example.test:port", "is not a port number"),
        ("smtp://mail.example.test?timeout=soon", "timeout='soon' is not a number of seconds"),
        ("smtp://mail.example.test?timeout=0", "timeout='0' is not a number of seconds"),
        ("smtp://mail.example.test?use_tls=false", "use_tls is not an option of smtp"),
        ("filemail://", "filemail needs the absolute path of a folder"),
        ("filemail://var/mail", "filemail takes no host ('var'): write it as filemail:///var"),
        ("filemail:///tmp/x?timeout=3", "timeout is not an option of filemail (options: none)"),
        ("consolemail://somewhere", "consolemail takes no host"),
        ("dummymail:///x", "dummymail takes no path"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(url, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        email_settings(url)


def test_a_refused_url_stops_the_start():
    result = _settings_with(EMAIL_URL="filemail://")
    assert result.returncode != 0
    assert "EMAIL_URL='filemail://' is not a valid URL: filemail needs the absolute path" in (
        result.stderr
    )


@pytest.mark.parametrize(
    "url",
    [
        "smtp+tls://svc:S3cret@smtp.example.org:587?timout=10",
        "smtp://svc:S3cret@smtp.example.org:port",
        "filemail://svc:S3cret@host/tmp/mail",
    ],
)
def test_a_refused_url_never_shows_its_password(url):
    with pytest.raises(ImproperlyConfigured) as refused:
        email_settings(url)
    assert "S3cret" not in str(refused.value)


def test_the_start_up_error_never_shows_the_password():
    result = _settings_with(EMAIL_URL="smtp+tls://svc:S3cret@smtp.example.org:587?timout=10")
    assert result.returncode != 0
    assert "EMAIL_URL='smtp+tls://svc:***@smtp.example.org:587?timout=10'" in result.stderr
    assert "S3cret" not in result.stderr


def test_without_password_stars_out_only_the_password():
    assert without_password("smtp://svc:S3cret@smtp.example.org:587") == (
        "smtp://svc:***@smtp.example.org:587"
    )
    assert without_password("smtp://smtp.example.org:25") == "smtp://smtp.example.org:25"
