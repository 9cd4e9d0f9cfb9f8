"""Settings of a developer's machine and of ``make run``: debug on, nothing to install."""

import os

os.environ.setdefault("DEBUG", "true")
# Only for a developer's machine: production refuses to start without its own key.
os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")  # noqa: S105

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
