"""The reference of bench/run.py: a bare Django 5.2 view, no database, no middleware, served by
the same gunicorn settings as the portal. ``/?bytes=N`` answers N bytes of HTML, so that each
portal page is compared with a bare view of its own size.

    gunicorn -c ../../gunicorn.conf.py app:application   (from this folder)
"""

import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="reference-only-" + "r" * 40,
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
django.setup()

PAGE = b"<!doctype html><title>reference</title>" + b"x" * 1_000_000


def page(request):
    try:
        size = min(max(int(request.GET.get("bytes", "10000")), 64), len(PAGE))
    except ValueError:
        size = 10_000
    return HttpResponse(PAGE[:size], content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after settings)

application = get_wsgi_application()
