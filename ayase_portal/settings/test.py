"""Settings of the test suite: real database and Redis when their URLs are set."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
# Tests never wait on Celery: tasks run in the test process unless a test starts a worker.
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:  # noqa: F405
    # A key prefix of this run's own: a test run never reads a developer's cached pages, nor
    # the rate-limit counters an earlier run left in Redis.
    CACHES["default"]["KEY_PREFIX"] = f"ayase-test-{os.getpid()}-{os.urandom(4).hex()}"  # noqa: F405

# Pages are rendered for every request: a test that changes rows with QuerySet.update() and
# reads a page again sees the change. tests/site/test_page_cache.py turns the cache on.
PAGE_CACHE_SECONDS = 0

# Uploads of a test run go to a temporary folder, never into the project.
_TEST_FILES = tempfile.mkdtemp(prefix="ayase-test-")
MEDIA_ROOT = f"{_TEST_FILES}/media"
STORAGES["private"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": f"{_TEST_FILES}/private"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: threads of a test (concurrency tests, the live server) then wait
    # for SQLite's lock as production code would, instead of failing on a shared-cache lock.
    DATABASES["default"]["TEST"] = {"NAME": f"{_TEST_FILES}/test.sqlite3"}  # noqa: F405
