"""EMAIL_URL, read into Django's email settings.

Every scheme django-environ knows is understood, and nothing else:

    smtp://user:password@host:25        SMTP, port 25 unless given
    smtp+tls://user:password@host:587   SMTP with STARTTLS, port 587 unless given
                                        (smtps:// is the same, as in django-environ)
    smtp+ssl://user:password@host:465   SMTP over TLS from the start, port 465 unless given
    consolemail://                      printed to standard output
    filemail:///var/mail/governance     written to files in that folder (an absolute path)
    memorymail://                       kept in memory (django.core.mail.outbox)
    dummymail://                        thrown away

SMTP takes ?timeout=SECONDS (30 unless given), ?ssl_certfile=PATH and
?ssl_keyfile=PATH. A user name or password with reserved characters is
percent-encoded (%40 for @). Anything else (an unknown scheme, SMTP without a
host, a folder that is not an absolute path, an option not listed) is refused
when the settings are read, not found out at the first email.
"""

import math
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
BACKENDS = {
    "smtp": SMTP,
    "smtps": SMTP,
    "smtp+tls": SMTP,
    "smtp+ssl": SMTP,
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "filemail": "django.core.mail.backends.filebased.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
}
# scheme: (EMAIL_USE_TLS, EMAIL_USE_SSL, the port unless one is given)
SMTP_SCHEMES = {
    "smtp": (False, False, 25),
    "smtps": (True, False, 587),
    "smtp+tls": (True, False, 587),
    "smtp+ssl": (False, True, 465),
}
# Seconds an SMTP connection may wait: Django's default is to wait for ever,
# which would hold a reminder run (and its claims) on a server that hangs.
SMTP_TIMEOUT = 30


def without_password(url):
    """The URL as it may be shown in an error or a log: its password starred out."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return "(a URL that cannot be read)"
    if not password:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def email_settings(url):
    """Django's EMAIL_* settings for an EMAIL_URL; ImproperlyConfigured for one
    that is not understood."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ImproperlyConfigured(
            f"{scheme or 'no scheme'} is not an email scheme: use one of {', '.join(BACKENDS)}."
        )
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    config = {
        "EMAIL_BACKEND": BACKENDS[scheme],
        "EMAIL_HOST": "localhost",
        "EMAIL_PORT": 25,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": None,
        "EMAIL_SSL_CERTFILE": None,
        "EMAIL_SSL_KEYFILE": None,
        "EMAIL_FILE_PATH": None,
    }
    if scheme in SMTP_SCHEMES:
        config.update(_smtp(scheme, parts, options))
    else:
        if parts.netloc:
            example = "filemail:///var/mail/governance" if scheme == "filemail" else f"{scheme}://"
            raise ImproperlyConfigured(
                f"{scheme} takes no host ({parts.netloc.rpartition('@')[2]!r}): write it as {example}."
            )
        if scheme == "filemail":
            config["EMAIL_FILE_PATH"] = _folder(parts.path)
        elif parts.path:
            raise ImproperlyConfigured(f"{scheme} takes no path: write it as {scheme}://.")
    if options:
        allowed = "timeout, ssl_certfile, ssl_keyfile" if scheme in SMTP_SCHEMES else "none"
        raise ImproperlyConfigured(
            f"{', '.join(sorted(options))} is not an option of {scheme} (options: {allowed})."
        )
    return config


def _smtp(scheme, parts, options):
    use_tls, use_ssl, port = SMTP_SCHEMES[scheme]
    if not parts.hostname:
        raise ImproperlyConfigured(
            f"{scheme} needs a host: write it as {scheme}://user:password@host:{port}."
        )
    try:
        port = parts.port or port
    except ValueError:
        raise ImproperlyConfigured(
            f"the port of {parts.netloc.rpartition('@')[2]!r} is not a port number."
        ) from None
    raw = options.pop("timeout", SMTP_TIMEOUT)
    try:
        timeout = float(raw)
    except ValueError:
        timeout = 0
    if not 0 < timeout < math.inf:
        raise ImproperlyConfigured(f"timeout={raw!r} is not a number of seconds above 0.")
    return {
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": timeout,
        "EMAIL_SSL_CERTFILE": options.pop("ssl_certfile", None) or None,
        "EMAIL_SSL_KEYFILE": options.pop("ssl_keyfile", None) or None,
    }


def _folder(path):
    """filemail:///var/mail/x is the folder /var/mail/x (django-environ would read
    it as var/mail/x, under whichever folder the process started in)."""
    folder = unquote(path)
    if not folder.startswith("/") or not folder.strip("/"):
        raise ImproperlyConfigured(
            "filemail needs the absolute path of a folder: write it as "
            "filemail:///var/mail/governance."
        )
    return "/" + folder.lstrip("/")
