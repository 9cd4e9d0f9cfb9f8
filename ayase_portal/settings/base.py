"""Settings shared by every environment; each value comes from the environment.

The defaults here are the ones a newcomer gets with ``make run``: SQLite in the project
folder, Celery tasks run eagerly, the local-memory cache and mail printed to the console.
Production (``settings.production``) removes the defaults that must never reach a server.
"""

import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.cache import redis_cache
from core.logging import TEXT_FORMAT

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. The portal refuses to start with DEBUG off and no SECRET_KEY: "
        "set SECRET_KEY in the environment or in .env (see .env.example), for example with "
        "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Applications -------------------------------------------------------------------------

DJANGO_APPS = [
    "ayase_portal.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_filters",
]
LOCAL_APPS = [
    "core",
    "japanese",
    "accounts",
    "meetings",
    "openfactory",
    "companies",
    "talent",
    "demo_data",
    "ayase_portal.apps.PortalConfig",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    # First: every later middleware's log lines carry the request's id, and the metrics
    # time the whole request.
    "core.request_id.RequestIdMiddleware",
    "core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.AdminRejectsNulQueryMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
]

ROOT_URLCONF = "ayase_portal.urls"
WSGI_APPLICATION = "ayase_portal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    }
]

# --- Database and cache -------------------------------------------------------------------

# An empty DATABASE_URL (a .env copied from .env.example) means the default, as unset does.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: IMMEDIATE transactions take the write lock when they begin,
    # so that the workflows written with select_for_update() stay serialised there too.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A request never waits for ever on a lock or an unreachable server.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # Prepared statements: a query a connection has run twice is planned once for it, not on
    # every request (the reservation form's slot, eight tables joined, plans in 1.6 ms or
    # more and runs in 0.1). They need the parameters bound by the server, and a connection of
    # its own to each worker: DATABASE_PREPARED_STATEMENTS=false behind a pooler in
    # transaction mode (PgBouncer before 1.21). docs/benchmarks.md measures them.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Seconds a web process waits for Redis to connect or answer before it degrades: the cache
# falls back to the process's memory (core/cache.py), a task waits for the sweep.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
# What the portal's cache keys begin with: two installations may share one Redis database.
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="ayase")
if REDIS_URL:
    CACHES = {
        "default": redis_cache(
            REDIS_URL, socket_timeout=REDIS_SOCKET_TIMEOUT, key_prefix=CACHE_KEY_PREFIX
        )
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages kept for visitors without a session (core/page_cache.py): only in a cache that
# every web process shares, that is with Redis; 0 turns it off. A save or delete of a model of
# these apps (or of these models) makes every kept page out of date once it is committed.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 if REDIS_URL else 0)
PAGE_CACHE_APPS = {"openfactory", "companies", "meetings", "talent"}
PAGE_CACHE_MODELS = {"accounts.User"}
# Rows of those apps that no page shows: their writes keep the kept pages (a reservation's
# mail is recorded after each reservation of a rush, in a transaction of its own).
PAGE_CACHE_IGNORED_MODELS = {"openfactory.ReservationMail"}

# /healthz and ``manage.py ops_status`` say "degraded" past these: tasks waiting in the
# workers' queues, and seconds since the oldest mail still unsent should have gone out (the
# sweeps run every 10 minutes after 5 minutes of grace, so 20 minutes means they do not).
HEALTH_QUEUE_LIMIT = env.int("HEALTH_QUEUE_LIMIT", default=100)
HEALTH_UNSENT_MAIL_LIMIT = env.int("HEALTH_UNSENT_MAIL_LIMIT", default=20 * 60)

# Who may read /metrics (Prometheus): client addresses or networks (the address as
# TRUSTED_PROXY_COUNT reads it), and/or a bearer token. Both empty (the default): nobody, a 404.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
for _network in METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_IPS: {_network!r} is no address or network (10.0.0.20, 10.0.0.0/24)."
        ) from None
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Seconds the maintenance page (503, database unreachable) asks browsers and crawlers to wait.
DATABASE_UNAVAILABLE_RETRY_AFTER = env.int("DATABASE_UNAVAILABLE_RETRY_AFTER", default=30)

# --- Users and authentication -------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# Second factor (allauth.mfa): an authenticator app (TOTP) with recovery codes. Required of
# staff and superusers before any page (accounts.middleware), offered to everyone else.
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="綾瀬ポータル")
# One 30-second step either side: a phone's clock a little off still works.
MFA_TOTP_TOLERANCE = 1
# Seconds a staff or superuser session lasts after logging in: a working day.
STAFF_SESSION_AGE = env.int("STAFF_SESSION_AGE", default=9 * 60 * 60)
# Where the admin lives, e.g. a path of the installation's own instead of the well-known one.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

# --- The client's address -----------------------------------------------------------------

# Proxies in front of gunicorn that append the client's address to X-Forwarded-For: 1 behind
# one load balancer, 2 with a CDN before it, 0 (the default) when clients reach gunicorn
# directly and the header must be ignored. Every rate limit (allauth's logins, password resets
# and sign-ups, the open factory's reservations) counts the address core.http.client_ip
# takes with it. OPENFACTORY_TRUSTED_PROXIES is its former name, still read.
TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=env.int("OPENFACTORY_TRUSTED_PROXIES", default=0)
)
# allauth asks the account adapter (core.http.client_ip); its own setting agrees all the same.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_STORAGE_BACKEND = env.str(
    "MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
PRIVATE_STORAGE_BACKEND = env.str(
    "PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
)
S3_BACKEND = "storages.backends.s3.S3Storage"
# django-storages' S3 backend (any S3-compatible store): one endpoint and key pair for both
# buckets. Unset, boto3 finds AWS's own endpoint and the machine's credentials as usual.
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
# Path-style URLs (endpoint/bucket/key) unless the store wants virtual hosts ("virtual").
AWS_S3_ADDRESSING_STYLE = env.str("AWS_S3_ADDRESSING_STYLE", default="path") or None
# A public media domain (a CDN, or the bucket's own web name) for the public bucket's URLs.
MEDIA_CUSTOM_DOMAIN = env.str("MEDIA_CUSTOM_DOMAIN", default="") or None


def _storage(backend: str, *, location: str | None, bucket_env: str, public: bool) -> dict:
    """One entry of STORAGES: a folder for FileSystemStorage, a bucket for S3.

    Names are never overwritten on S3 (``file_overwrite`` off), as on the disk: two photos
    called image.jpg in one post stay two files. The public bucket's URLs carry no signature
    (the bucket is readable); the private bucket's objects are read by the portal only.
    """
    if backend != S3_BACKEND:
        return {"BACKEND": backend, "OPTIONS": {"location": location} if location else {}}
    options: dict = {
        "bucket_name": env.str(bucket_env),
        "file_overwrite": False,
        "querystring_auth": not public,
    }
    if public:
        options["custom_domain"] = MEDIA_CUSTOM_DOMAIN
        options["object_parameters"] = {"CacheControl": "public, max-age=3600"}
    return {"BACKEND": backend, "OPTIONS": options}


STORAGES = {
    # Media go through the storage API only, so that an S3-compatible store replaces the
    # disk by setting MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage and MEDIA_BUCKET.
    # On the disk it follows MEDIA_ROOT (no location of its own).
    "default": _storage(
        MEDIA_STORAGE_BACKEND, location=None, bucket_env="MEDIA_BUCKET", public=True
    ),
    # Members-only files (minutes attachments, Smart Navi photos, talent applications' files):
    # no URL of their own, streamed after a check.
    "private": _storage(
        PRIVATE_STORAGE_BACKEND,
        location=str(env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")),
        bucket_env="PRIVATE_MEDIA_BUCKET",
        public=False,
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def _media_origin() -> str | None:
    """Where the public bucket's images are fetched from, for the CSP's img-src."""
    if MEDIA_STORAGE_BACKEND != S3_BACKEND:
        return None
    if MEDIA_CUSTOM_DOMAIN:
        return f"https://{MEDIA_CUSTOM_DOMAIN}"
    if AWS_S3_ENDPOINT_URL:
        scheme, _sep, rest = AWS_S3_ENDPOINT_URL.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"
    return "https://*.amazonaws.com"


MEDIA_ORIGIN = _media_origin()
# Where `manage.py backup` (make backup) writes its folders; keep it off the web root.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
# Behind nginx: the path of its `internal` location that aliases PRIVATE_MEDIA_ROOT (for
# example /_private/). The views still check who may have a private file, then answer with
# X-Accel-Redirect and nginx sends the bytes (core/private_files.py). Empty: the portal
# streams them itself.
PRIVATE_MEDIA_ACCEL_REDIRECT = env.str("PRIVATE_MEDIA_ACCEL_REDIRECT", default="")
# Uploads: the files of one request together are bounded (images/uploads.py) and are written
# to temporary files as they arrive, never held in memory.
FILE_UPLOAD_HANDLERS = [
    "images.uploads.RequestSizeLimitUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=200 * 1024 * 1024)
# Uploaded photos (images/photos.py), checked from their headers before anything is decoded:
# bytes per file; pixels per image (a phone's photo is 12–50 megapixels); the memory decoding
# one image may take (PNG, WebP and HEIC are decoded whole, JPEG at a reduced scale); and the
# megapixels one request decodes, one image at a time, a PNG or WebP counting three times
# and a HEIC six times (they decode that much slower): 20 phone photos in JPEG decode 40–120.
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=50_000_000)
IMAGE_MAX_DECODE_BYTES = env.int("IMAGE_MAX_DECODE_BYTES", default=160 * 1024 * 1024)
IMAGE_MAX_PIXELS_PER_REQUEST = env.int("IMAGE_MAX_PIXELS_PER_REQUEST", default=150_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Mail ---------------------------------------------------------------------------------

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="綾瀬イノベーション推進委員会 <noreply@localhost>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Celery -------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
}
# A request that queues a task while Redis is down gives up after about a second; what it
# meant to send is found by the sweeps (openfactory.tasks.send_missing_mails) or sent at once.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULE: dict = {
    # Two days before each meeting, in the morning (CELERY_TIMEZONE: Asia/Tokyo).
    "meetings-send-reminders": {
        "task": "meetings.tasks.send_meeting_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Smart Navi: companies quiet for 30 days get one reminder a month (idempotent per month).
    "companies-posting-reminders": {
        "task": "companies.tasks.send_posting_reminders",
        "schedule": crontab(minute=0, hour=9, day_of_month=1),
    },
    # Photos saved while the broker was down get their renditions (served from the master
    # until then).
    "companies-missing-renditions": {
        "task": "companies.tasks.make_missing_renditions",
        "schedule": crontab(minute="*/10"),
    },
    # The day before: a reminder to everyone holding a seat tomorrow.
    "openfactory-reminders": {
        "task": "openfactory.tasks.send_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    # Lotteries whose applications have closed are drawn within minutes.
    "openfactory-lottery-draws": {
        "task": "openfactory.tasks.draw_due_lotteries",
        "schedule": crontab(minute="*/5"),
    },
    # Mails of reservations made while the broker was down.
    "openfactory-missing-mails": {
        "task": "openfactory.tasks.send_missing_mails",
        "schedule": crontab(minute="*/10"),
    },
    # The evening of each area day: the survey link to every visitor checked in that day.
    "openfactory-survey-invitations": {
        "task": "openfactory.surveys.tasks.send_survey_invitations",
        "schedule": crontab(hour=env.int("OPENFACTORY_SURVEY_MAIL_HOUR", default=18), minute=5),
    },
    # Talent support: one reminder per draft a week before its scheme's deadline, and the
    # mails of application status changes made while the broker was down.
    "talent-deadline-reminders": {
        "task": "talent.tasks.send_deadline_reminders",
        "schedule": crontab(hour=9, minute=15),
    },
    "talent-missing-mails": {
        "task": "talent.tasks.send_missing_transition_mails",
        "schedule": crontab(minute="*/10"),
    },
    # Visitors' personal data is kept only as long as the privacy notice says.
    "openfactory-anonymise": {
        "task": "openfactory.tasks.anonymise_expired_reservations",
        "schedule": crontab(hour=3, minute=30),
    },
    # Then the survey responses of those reservations lose their link to them.
    "openfactory-survey-anonymise": {
        "task": "openfactory.surveys.tasks.anonymise_survey_responses",
        "schedule": crontab(hour=3, minute=45),
    },
}

# --- Open factory reservations -----------------------------------------------------------

# Reservations of a slot close this many minutes before it starts (a slot may set its own time).
OPENFACTORY_RESERVATION_CLOSE_MINUTES = env.int("OPENFACTORY_RESERVATION_CLOSE_MINUTES", default=60)
# Where a new application to exhibit is mailed (the committee's address); blank: city staff.
OPENFACTORY_RECRUITMENT_EMAIL = env.str("OPENFACTORY_RECRUITMENT_EMAIL", default="")
# How many reservations (and lottery entries) one email address may hold on one area day.
OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY = env.int(
    "OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY", default=3
)
# Reservation attempts per client IP address in a window of seconds (mobile carriers put many
# phones behind one address, hence a generous limit).
OPENFACTORY_RATE_LIMIT = env.int("OPENFACTORY_RATE_LIMIT", default=20)
OPENFACTORY_RATE_WINDOW = env.int("OPENFACTORY_RATE_WINDOW", default=600)
# How long a reservation waits for the lock of its slot on PostgreSQL before giving up.
OPENFACTORY_LOCK_TIMEOUT_MS = env.int("OPENFACTORY_LOCK_TIMEOUT_MS", default=5000)
# Days after the area day when visitors' names, addresses and phone numbers are removed.
OPENFACTORY_RETENTION_DAYS = env.int("OPENFACTORY_RETENTION_DAYS", default=90)
# The hour (local time, Asia/Tokyo) after which the survey link of an area day is mailed to
# its checked-in visitors; days missed (beat or broker down) are caught up for a few days.
OPENFACTORY_SURVEY_MAIL_HOUR = env.int("OPENFACTORY_SURVEY_MAIL_HOUR", default=18)
OPENFACTORY_SURVEY_CATCH_UP_DAYS = env.int("OPENFACTORY_SURVEY_CATCH_UP_DAYS", default=3)
# How long a mailed survey link works.
OPENFACTORY_SURVEY_LINK_DAYS = env.int("OPENFACTORY_SURVEY_LINK_DAYS", default=60)

# --- Open data (the edition's programmes, the companies: see README "Open data") -----------

OPEN_DATA_LICENSE = env.str("OPEN_DATA_LICENSE", default="CC BY 4.0")
OPEN_DATA_LICENSE_URL = env.str(
    "OPEN_DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/deed.ja"
)
OPEN_DATA_PUBLISHER = env.str("OPEN_DATA_PUBLISHER", default="綾瀬イノベーション推進委員会")

# --- Forms and UI -------------------------------------------------------------------------

FORMS_URLFIELD_ASSUME_HTTPS = True
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {
    # Bootstrap's alert classes for Django's message levels.
    40: "danger",
}

# --- Security headers (strict everywhere; production adds HTTPS-only settings) ------------

X_FRAME_OPTIONS = "DENY"
# The site's own page, in the visitor's language, for a form sent without its CSRF token.
CSRF_FAILURE_VIEW = "ayase_portal.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging: everything to stdout, where gunicorn, Celery and the platform collect it ----

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
# "text" for a person at a terminal (the default, `make run`), "json" for servers (production's
# default): one object per line with time, level, logger, process, request_id and message.
LOG_FORMAT = (env.str("LOG_FORMAT", default="") or "text").lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}: write text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": TEXT_FORMAT},
        "json": {"()": "core.logging.RedactedJsonFormatter"},
    },
    "filters": {
        # Paths in Django's warnings ("Not Found: …") may carry the key of a reservation's or
        # an invitation's link: the handler writes them with the key replaced.
        "secret_links": {"()": "core.logging.RedactSecretLinks"},
        # The id of the request (or of the request that queued the task) on every line.
        "request_id": {"()": "core.request_id.RequestIdFilter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "secret_links"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # At DEBUG the template engine logs each missing variable with the whole context,
        # form data and the user included: never personal data in the logs.
        "django.template": {"level": "INFO"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}
