"""Settings shared by every environment; each value comes from the environment.

The defaults here are the ones a newcomer gets with ``make run``: SQLite in the project
folder, Celery tasks run eagerly, the local-memory cache and mail printed to the console.
Production (``settings.production``) removes the defaults that must never reach a server.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.cache import redis_cache

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
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Seconds a web process waits for Redis to connect or answer before it degrades: the cache
# falls back to the process's memory (core/cache.py), a task waits for the sweep.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, socket_timeout=REDIS_SOCKET_TIMEOUT)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[綾瀬イノベーション推進委員会] "
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
STORAGES = {
    # Media go through the storage API only, so that an S3-compatible store can replace
    # the disk by setting MEDIA_STORAGE_BACKEND (for example storages.backends.s3.S3Storage).
    "default": {
        "BACKEND": env.str(
            "MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        )
    },
    # Members-only files (minutes attachments): no URL of their own, streamed after a check.
    "private": {
        "BACKEND": env.str(
            "PRIVATE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": {
            "location": str(env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media"))
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
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
        "img-src": ["'self'", "data:"],
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
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
    },
    # Paths in Django's warnings ("Not Found: …") may carry the key of a reservation's or an
    # invitation's link: the handler writes them with the key replaced.
    "filters": {"secret_links": {"()": "core.logging.RedactSecretLinks"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["secret_links"],
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
