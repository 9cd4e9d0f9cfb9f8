"""Settings of a developer's machine and of ``make run``: debug on, nothing to install."""

import os

os.environ.setdefault("DEBUG", "true")
# Only for a developer's machine: production refuses to start without its own key.
os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")

from .base import *  # noqa: F403
from .base import env

ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Links in mails and og:url point at the port `make run PORT=…` serves, unless SITE_URL is set.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
SITE_URL = SITE_URL.rstrip("/")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
# runserver serves static files from the apps' folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
