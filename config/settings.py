"""Settings for the partnership governance product, read from the environment.

Every value comes from an environment variable (or a `.env` file beside
manage.py). A value that cannot be understood stops the start with a message
naming the variable: nothing falls back silently.
"""

from datetime import date, timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from config.email_url import email_settings, without_password

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(name, default):
    """A strict boolean: 'maybe' is an error, not False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of true/false, yes/no, on/off, 1/0."
    )


def _url(name, parse, default=None):
    raw = env.str(name, default=default)
    if raw is None:
        return None
    try:
        return parse(raw)
    except Exception as exc:  # environ raises several kinds for a bad URL
        shown = without_password(raw)
        raise ImproperlyConfigured(f"{name}={shown!r} is not a valid URL: {exc}") from exc


def _int(name, default):
    raw = env.str(name, default=str(default))
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def _date(name, default):
    raw = env.str(name, default=default).strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a date; write it as YYYY-MM-DD."
        ) from None


def _rate(name, default):
    """A number of requests per second, minute, hour or day, e.g. 120/minute."""
    raw = env.str(name, default=default).strip()
    count, _, period = raw.partition("/")
    if not (count.isdigit() and int(count) > 0 and period in {"second", "minute", "hour", "day"}):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: use a number of requests per second, minute, "
            "hour or day, e.g. 120/minute."
        )
    return raw


def _share(name):
    """A share from 0 to 1, e.g. 0.1; None when the variable is not set."""
    raw = env.str(name, default="").strip()
    if not raw:
        return None
    try:
        share = float(raw)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a share: use a number from 0 to 1, e.g. 0.1."
        )
    return share


DEBUG = _flag("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without one; "
            "set DEBUG=true for a development key."
        )
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The council that runs this instance: shown in the header and on reports.
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Demo Council")
# The council's 360Giving prefix: a grant saved with no identifier is given the next
# of <prefix>-<year>-<number>.
DEMO_GRANT_ID_PREFIX = "360G-demo-council"  # production refuses it (config/checks.py)
GRANT_ID_PREFIX = env.str("GRANT_ID_PREFIX", default=DEMO_GRANT_ID_PREFIX)
SERVICE_NAME = "Partnership governance"
# Who answers for the service and the data it holds: shown on the privacy notice,
# the cookies page and the accessibility statement. Placeholders in development;
# production refuses to start without them (config/checks.py).
_sample = DEBUG
COUNCIL_CONTACT_EMAIL = env.str(
    "COUNCIL_CONTACT_EMAIL", default="communitysafety@example.gov.uk" if _sample else ""
)
COUNCIL_ADDRESS = env.str(
    "COUNCIL_ADDRESS", default="Civic Offices, High Street" if _sample else ""
)
DATA_PROTECTION_OFFICER_EMAIL = env.str(
    "DATA_PROTECTION_OFFICER_EMAIL", default="dpo@example.gov.uk" if _sample else ""
)
# The council's entry in the register of the Information Commissioner's Office.
ICO_REGISTRATION = env.str("ICO_REGISTRATION", default="")
# The accessibility statement: when it was prepared and last reviewed, and how many
# working days the council takes to answer a request about it.
ACCESSIBILITY_STATEMENT_PREPARED = _date(
    "ACCESSIBILITY_STATEMENT_PREPARED", "2026-12-04" if _sample else ""
)
ACCESSIBILITY_STATEMENT_REVIEWED = _date(
    "ACCESSIBILITY_STATEMENT_REVIEWED", "2026-12-04" if _sample else ""
)
ACCESSIBILITY_RESPONSE_DAYS = _int("ACCESSIBILITY_RESPONSE_DAYS", 10)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_celery_beat",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "ops",
    "accounts",
    "partnerships",
    "agreements",
    "meetings",
    "strategy",
    "funding",
    "dhr",
    "scrutiny",
    "reports",
    "reminders",
    "api",
    "opendata",
    "home",
    "demo",
]

MIDDLEWARE = [
    # First: every request, answered or redirected, gets its id and its log line.
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.site",
            ],
        },
    },
]

_DATABASE_SCHEMES = ("postgres://", "postgresql://", "sqlite://")
_database_url = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
if not _database_url.startswith(_DATABASE_SCHEMES):
    raise ImproperlyConfigured(
        f"DATABASE_URL={_database_url!r} is not a valid URL: use postgres://user@host:5432/name "
        "or sqlite:////path/to/file.sqlite3."
    )
DATABASES = {"default": _url("DATABASE_URL", env.db_url_config, default=_database_url)}
# Production refuses to start without it (config/checks.py): no silent SQLite.
DATABASE_URL_GIVEN = bool(env.str("DATABASE_URL", default=""))
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = _int("CONN_MAX_AGE", 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.directory.DirectoryBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on with the council's directory (OpenID Connect; Microsoft Entra ID
# first: accounts/directory.py). On when OIDC_CLIENT_ID is set; then every one of
# these is needed. People are matched on the directory's stable id for them
# (OIDC_SUBJECT_CLAIM: Entra ID's `oid`), never on their email address alone.
_OIDC = {
    name: env.str(name, default="")
    for name in (
        "OIDC_CLIENT_ID",
        "OIDC_CLIENT_SECRET",
        "OIDC_ISSUER",
        "OIDC_AUTHORIZATION_ENDPOINT",
        "OIDC_TOKEN_ENDPOINT",
        "OIDC_JWKS_ENDPOINT",
    )
}
SINGLE_SIGN_ON = bool(_OIDC["OIDC_CLIENT_ID"])
_oidc_missing = [name for name, value in _OIDC.items() if not value]
if SINGLE_SIGN_ON and _oidc_missing:
    raise ImproperlyConfigured(
        f"OIDC_CLIENT_ID is set but {', '.join(_oidc_missing)} "
        f"{'is' if len(_oidc_missing) == 1 else 'are'} not: single sign-on needs them all "
        "(see Going live in the README)."
    )
if not SINGLE_SIGN_ON and len(_oidc_missing) < len(_OIDC):
    raise ImproperlyConfigured(
        f"{', '.join(n for n, v in _OIDC.items() if v)} set but OIDC_CLIENT_ID is not: give "
        "the application's client id to turn single sign-on on, or unset them."
    )
OIDC_ISSUER = _OIDC["OIDC_ISSUER"]
OIDC_SUBJECT_CLAIM = env.str("OIDC_SUBJECT_CLAIM", default="sub")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your council account")
# The settings mozilla-django-oidc reads, from the above.
OIDC_RP_CLIENT_ID = _OIDC["OIDC_CLIENT_ID"]
OIDC_RP_CLIENT_SECRET = _OIDC["OIDC_CLIENT_SECRET"]
OIDC_OP_AUTHORIZATION_ENDPOINT = _OIDC["OIDC_AUTHORIZATION_ENDPOINT"]
OIDC_OP_TOKEN_ENDPOINT = _OIDC["OIDC_TOKEN_ENDPOINT"]
OIDC_OP_JWKS_ENDPOINT = _OIDC["OIDC_JWKS_ENDPOINT"]
# What the directory says about someone is read from the ID token it signed, so
# the user-info endpoint is never asked.
OIDC_OP_USER_ENDPOINT = ""
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:directory_callback"

# Sign-in lockout (django-axes, counted by accounts/lockout.py): 5 wrong passwords
# for an account from one client address lock it there; 20 from anywhere (at most 5
# from each address) lock it everywhere; for 15 minutes after the last. The account
# is the email address trimmed and in lower case, as signing in matches it.
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "accounts.lockout.account"
AXES_CLIENT_IP_CALLABLE = "config.proxies.client_address"
AXES_FAILURE_LIMIT = 5
LOCKOUT_FAILURES_PER_ACCOUNT = 20
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"

# Two-factor authentication (django-otp): an authenticator app and backup codes,
# available to everyone and required of administrators.
OTP_REQUIRED_FOR_ADMINS = True
OTP_TOTP_ISSUER = SERVICE_NAME

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["config.formats"]  # one date style: 4 December 2026
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files (Terms of Reference, papers) and built reports live outside the
# static files and are only ever served through a view that checks permission:
# on this server's disk under MEDIA_ROOT by default; in a private S3-compatible
# bucket when STORAGE_BUCKET is set, so that every web server and worker reads and
# writes the same files (a pack built by one worker downloads from any web server).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGE_BUCKET = env.str("STORAGE_BUCKET", default="")
_storage_keys = {
    name: env.str(name, default="") for name in ("STORAGE_ACCESS_KEY_ID", "STORAGE_SECRET_KEY")
}
if any(_storage_keys.values()) and not all(_storage_keys.values()):
    raise ImproperlyConfigured(
        f"{' and '.join(k for k, v in _storage_keys.items() if v)} is set but "
        f"{' and '.join(k for k, v in _storage_keys.items() if not v)} is not: give both, "
        "or neither to use the server's own role."
    )
_storage_given = [
    name for name in ("STORAGE_ENDPOINT_URL", "STORAGE_REGION", *_storage_keys) if env.str(name, "")
]
if _storage_given and not STORAGE_BUCKET:
    raise ImproperlyConfigured(
        f"{', '.join(_storage_given)} set but STORAGE_BUCKET is not: name the bucket the "
        "files are kept in, or unset them to keep files on this server's disk."
    )
if STORAGE_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env.str("STORAGE_ENDPOINT_URL", default="") or None,
            "region_name": env.str("STORAGE_REGION", default="") or None,
            "access_key": _storage_keys["STORAGE_ACCESS_KEY_ID"] or None,
            "secret_key": _storage_keys["STORAGE_SECRET_KEY"] or None,
            # No ACL is named: a bucket's owner decides (new Amazon S3 buckets refuse
            # ACLs). The bucket is private, with public access blocked; files are read
            # through the application, never by a public URL.
            "default_acl": None,
            "querystring_auth": True,
            # Two papers of the same name are two objects, as on disk.
            "file_overwrite": False,
        },
    }
MAX_UPLOAD_BYTES = _int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# An uploaded spreadsheet or CSV file is refused, before it is parsed, when it
# unpacks to more bytes or holds more rows than these.
SPREADSHEET_MAX_UNPACKED_BYTES = _int("SPREADSHEET_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
SPREADSHEET_MAX_ROWS = _int("SPREADSHEET_MAX_ROWS", 20_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Minutes are late when not circulated within this many working days of the meeting.
MINUTES_DUE_WORKING_DAYS = _int("MINUTES_DUE_WORKING_DAYS", 10)
# An agenda is published this many clear working days before its meeting.
AGENDA_CLEAR_DAYS = _int("AGENDA_CLEAR_DAYS", 5)
# How long the link in a reminder lets an action owner update their actions.
ACTION_LINK_DAYS = _int("ACTION_LINK_DAYS", 14)
# The daily reminders: actions due within this many days are listed in a person's
# digest; actions overdue by more than ESCALATE_AFTER_DAYS go to the group's chair.
# A claim on an email older than the timeout is taken to be from a run that died.
REMINDER_DUE_WITHIN_DAYS = _int("REMINDER_DUE_WITHIN_DAYS", 7)
ESCALATE_AFTER_DAYS = _int("ESCALATE_AFTER_DAYS", 14)
REMINDER_CLAIM_TIMEOUT_MINUTES = _int("REMINDER_CLAIM_TIMEOUT_MINUTES", 30)
# The address links in emails point to, e.g. https://csp.example.gov.uk
SITE_URL = env.str("SITE_URL", default="http://localhost:8000" if DEBUG else "")

# The public open-data pages (/open-data/): off unless the council publishes them.
OPEN_DATA_ENABLED = _flag("OPEN_DATA_ENABLED", False)

# Share of everyone on either of two groups who sits on both, from which the pair
# is listed as a candidate to merge.
_overlap = env.str("OVERLAP_THRESHOLD", default="0.5")
try:
    OVERLAP_THRESHOLD = float(_overlap)
except ValueError:
    OVERLAP_THRESHOLD = -1.0
if not 0 < OVERLAP_THRESHOLD <= 1:
    raise ImproperlyConfigured(
        f"OVERLAP_THRESHOLD={_overlap!r} is not a share: use a number above 0 and at most 1, "
        "e.g. 0.5."
    )

FORMS_URLFIELD_ASSUME_HTTPS = True
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email: printed to the console in development, SMTP (EMAIL_URL) in production.
# Every scheme django-environ knows is read into Django's settings, filemail's
# folder included; anything else is refused (config/email_url.py).
_email = _url("EMAIL_URL", email_settings, default="consolemail://" if DEBUG else "dummymail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
EMAIL_SSL_CERTFILE = _email["EMAIL_SSL_CERTFILE"]
EMAIL_SSL_KEYFILE = _email["EMAIL_SSL_KEYFILE"]
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="governance@localhost" if DEBUG else "")
# Retention, applied each night: a report's PDF is deleted this many days after it
# was built (a copy with confidential items sooner); sign-in records (failed attempts,
# lockouts, the sign-in log) after SIGN_IN_RECORD_DAYS; expired sessions at once.
REPORT_KEEP_DAYS = _int("REPORT_KEEP_DAYS", 30)
CONFIDENTIAL_REPORT_KEEP_DAYS = _int("CONFIDENTIAL_REPORT_KEEP_DAYS", 7)
SIGN_IN_RECORD_DAYS = _int("SIGN_IN_RECORD_DAYS", 90)
# A person archived this many years ago is anonymised, with their history, each night.
PEOPLE_ANONYMISED_AFTER_YEARS = _int("PEOPLE_ANONYMISED_AFTER_YEARS", 6)
if PEOPLE_ANONYMISED_AFTER_YEARS < 1:
    raise ImproperlyConfigured(
        f"PEOPLE_ANONYMISED_AFTER_YEARS={PEOPLE_ANONYMISED_AFTER_YEARS} is not a number of "
        "years (1 or more)."
    )
for _name, _days in (
    ("REPORT_KEEP_DAYS", REPORT_KEEP_DAYS),
    ("CONFIDENTIAL_REPORT_KEEP_DAYS", CONFIDENTIAL_REPORT_KEEP_DAYS),
    ("SIGN_IN_RECORD_DAYS", SIGN_IN_RECORD_DAYS),
):
    if _days < 1:
        raise ImproperlyConfigured(f"{_name}={_days} is not a number of days (1 or more).")
if CONFIDENTIAL_REPORT_KEEP_DAYS > REPORT_KEEP_DAYS:
    raise ImproperlyConfigured(
        "CONFIDENTIAL_REPORT_KEEP_DAYS must not be longer than REPORT_KEEP_DAYS: a copy "
        "with confidential items is kept for less time, not more."
    )

# GOV.UK Notify: with an API key, every email goes through Notify instead of EMAIL_URL
# (config/notify.py), filling the one template NOTIFY_TEMPLATE_ID names.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_TEMPLATE_ID = env.str("NOTIFY_TEMPLATE_ID", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
# The bearer token Notify brings with its delivery reports (reminders/delivery.py),
# as set in Notify's callback settings; unset, no reports are taken.
NOTIFY_CALLBACK_TOKEN = env.str("NOTIFY_CALLBACK_TOKEN", default="")
if NOTIFY_CALLBACK_TOKEN and len(NOTIFY_CALLBACK_TOKEN) < 10:
    raise ImproperlyConfigured(
        "NOTIFY_CALLBACK_TOKEN is too short: Notify asks for 10 characters or more."
    )
if NOTIFY_CALLBACK_TOKEN and not NOTIFY_API_KEY:
    raise ImproperlyConfigured(
        "NOTIFY_CALLBACK_TOKEN is set but NOTIFY_API_KEY is not: delivery reports come "
        "only for email sent through Notify."
    )
if NOTIFY_API_KEY:
    # A key is its name, the service's id and a secret: "name-<36>-<36>".
    if len(NOTIFY_API_KEY) < 74 or NOTIFY_API_KEY[-37] != "-" or NOTIFY_API_KEY[-74] != "-":
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY is not a Notify API key: copy the whole key Notify showed, "
            "its name, service id and secret."
        )
    if not NOTIFY_TEMPLATE_ID:
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY is set but NOTIFY_TEMPLATE_ID is not: give the id of the Notify "
            "email template whose subject is ((subject)) and message ((body))."
        )
    EMAIL_BACKEND = "config.notify.NotifyEmailBackend"
# Every email is counted for /metrics (config/metrics.py) on its way to the backend
# chosen above, which delivers it.
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
EMAIL_BACKEND = "config.metrics.CountingEmailBackend"

# Redis: the Celery broker and the cache. With neither set, tasks run inline.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
for _name, _value in (("REDIS_URL", REDIS_URL), ("CELERY_BROKER_URL", CELERY_BROKER_URL)):
    if _value and "://" not in _value:
        raise ImproperlyConfigured(
            f"{_name}={_value!r} is not a URL such as redis://127.0.0.1:6379/0."
        )
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# In production a missing broker is an error (config/checks.py) unless this says it is meant.
TASKS_INLINE = _flag("TASKS_INLINE", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# At-least-once: a task is acknowledged only when it has finished, and is given back
# to the queue if its worker dies; each worker takes one task at a time. Redis hands an
# unacknowledged task to another worker after the visibility timeout, which must be
# longer than the longest task may run (the hard time limit).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=600)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=900)
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
if not CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "Celery limits must grow: CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT"
        " < CELERY_VISIBILITY_TIMEOUT (seconds)."
    )
# A reminder still claimed after the claim timeout is sent by the next run: by
# then the task that claimed it must be dead, stopped by its time limit if not.
if not REMINDER_CLAIM_TIMEOUT_MINUTES * 60 > CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"REMINDER_CLAIM_TIMEOUT_MINUTES={REMINDER_CLAIM_TIMEOUT_MINUTES} must be longer than"
        f" CELERY_TASK_TIME_LIMIT={CELERY_TASK_TIME_LIMIT} seconds, or a reminder being sent"
        " could be claimed and sent again."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often (seconds) a worker looks for tasks whose worker died; kombu's default.
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
    # Seconds to reach Redis, and to wait for its answer (a worker's wait for a task
    # is one second long): with no timeout a broker that vanished is waited for ever.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# A request never waits long for the broker, nor fails when it is away: two seconds
# to connect and one retry, then what could not be sent stays waiting on its record
# and is sent again after JOBS_REQUEUE_AFTER_MINUTES (config/jobs.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2  # the result store
JOBS_REQUEUE_AFTER_MINUTES = _int("JOBS_REQUEUE_AFTER_MINUTES", 5)
if JOBS_REQUEUE_AFTER_MINUTES < 1:
    raise ImproperlyConfigured(
        f"JOBS_REQUEUE_AFTER_MINUTES={JOBS_REQUEUE_AFTER_MINUTES} is not a number of minutes:"
        " use 1 or more."
    )
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = 86400
# django-celery-beat's schedules, with a lease in Redis so that only one beat
# schedules however many run (config/beat.py); a beat that dies is replaced after
# BEAT_LOCK_SECONDS.
CELERY_BEAT_SCHEDULER = "config.beat:SingleBeatScheduler"
BEAT_LOCK_SECONDS = _int("BEAT_LOCK_SECONDS", 30)
if BEAT_LOCK_SECONDS < 3:
    raise ImproperlyConfigured(
        f"BEAT_LOCK_SECONDS={BEAT_LOCK_SECONDS} is too short: use 3 or more."
    )

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Security. Production (DEBUG off) gets secure cookies and HSTS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies (load balancers) stand in front of the application, each adding the
# address it was reached from to X-Forwarded-For (config/proxies.py). With none, that
# header is ignored: any client can write it.
TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} is not a number of proxies: use 0 or more."
    )
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # accounts.middleware.IdleTimeoutMiddleware refreshes it
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The read API (/api/v1/): JSON only, read only, for signed-in readers and for
# service accounts holding a token an administrator issued in the admin (api/admin.py).
# A token is kept only as a hash and stops working after API_TOKEN_DAYS. Each user
# may make API_RATE_PER_USER requests, a caller not signed in API_RATE_PER_ADDRESS
# (api/throttling.py); past that the answer is 429.
API_TOKEN_DAYS = _int("API_TOKEN_DAYS", 90)
if API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured(
        f"API_TOKEN_DAYS={API_TOKEN_DAYS} is not a number of days: use 1 or more."
    )
API_RATE_PER_USER = _rate("API_RATE_PER_USER", "120/minute")
API_RATE_PER_ADDRESS = _rate("API_RATE_PER_ADDRESS", "30/minute")
REST_KNOX = {"TOKEN_TTL": timedelta(days=API_TOKEN_DAYS), "AUTH_HEADER_PREFIX": "Token"}
REST_FRAMEWORK = {
    # Token first, so a request with no credentials gets 401 and a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerUser", "api.throttling.PerAddress"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "DEFAULT_METADATA_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership governance API",
    "DESCRIPTION": "Read-only JSON records of the partnerships, their groups, meetings, "
    "actions, strategy, money and scrutiny. Every response shows what the same person "
    "would see in the pages: exempt (Schedule 12A) agenda items and the actions raised "
    "on them only to those entitled, email addresses only to officers and administrators.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "ENUM_NAME_OVERRIDES": {
        "PartnershipStatusEnum": "partnerships.models.Partnership.Status",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "AttendanceStatusEnum": "meetings.models.Attendance.Status",
        "ActionStatusEnum": "meetings.models.Action.Status",
        "BudgetStatusEnum": "funding.models.Budget.Status",
        "GrantStatusEnum": "funding.models.Grant.Status",
        "ReviewStatusEnum": "scrutiny.models.Review.Status",
        "RiskLikelihoodEnum": "strategy.models.Likelihood",
        "RiskImpactEnum": "strategy.models.Impact",
    },
}

# Errors go to Sentry when SENTRY_DSN is set (config/sentry.py), with no personal data.
# SENTRY_ENVIRONMENT names this instance there; performance traces are off unless
# SENTRY_TRACES_SAMPLE_RATE gives the share of requests to trace.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="")
SENTRY_TRACES_SAMPLE_RATE = _share("SENTRY_TRACES_SAMPLE_RATE")
_sentry_given = [
    name for name in ("SENTRY_ENVIRONMENT", "SENTRY_TRACES_SAMPLE_RATE") if env.str(name, "")
]
if _sentry_given and not SENTRY_DSN:
    raise ImproperlyConfigured(
        f"{' and '.join(_sentry_given)} set but SENTRY_DSN is not: give the DSN of the "
        "Sentry project to report errors to, or unset them."
    )
if SENTRY_DSN:
    from config import sentry

    sentry.start(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT or "production",
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )

# Counts of requests, task runs and emails for Prometheus at /metrics
# (config/metrics.py), given only for METRICS_TOKEN as a bearer token; without a
# token there is no /metrics. The counts are kept in Redis, where every web server
# and worker adds to the same ones.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured(
        f"METRICS_TOKEN is {len(METRICS_TOKEN)} characters long: use a random string of 32 "
        "or more, e.g. from python -c 'import secrets; print(secrets.token_urlsafe(32))'."
    )
if METRICS_TOKEN and not REDIS_URL and not DEBUG:
    raise ImproperlyConfigured(
        "METRICS_TOKEN is set but REDIS_URL is not: each web server and worker would keep "
        "counts of its own, and /metrics would show one process's. Set REDIS_URL."
    )

# Log lines: one JSON object each (LOG_FORMAT=json, production's default) for the log
# collector, or text for a terminal (development's). Web servers and workers alike
# give each line the id of its request (config/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not a log format: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "config.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"()": "config.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each layout step at INFO; its warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
