"""The error pages Django would otherwise show in English: CSRF failure, 400, 500 and 503.

A database that cannot be reached is not a bug: the visitor gets a maintenance page (503) with
``Retry-After`` instead of the 500 page, wherever the error surfaced (a view, a template, the
session saved by a middleware). That page and the 500 and 400 pages are rendered from a
template alone, without the request's user, session or database, and speak both languages.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.defaults import server_error as django_server_error

# psycopg's SQLSTATEs of a server that refuses or drops connections: class 08 (connection
# exception), shutting down or starting up (57P01-57P03), too many connections (53300).
_UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}
# SQLite's primary result codes of a database file that cannot be opened or read.
_SQLITE_CANTOPEN, _SQLITE_IOERR = 14, 10


def database_unavailable(error: BaseException | None) -> bool:
    """True when ``error`` (or what caused it) says the database cannot be reached.

    Errors of a reachable database (a lock timeout, a deadlock, a constraint) are bugs or
    conflicts the code handles; they stay 500s.
    """
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, InterfaceError):  # the connection was already closed
            return True
        if isinstance(error, OperationalError):
            driver_error = error.__cause__
            if driver_error is None:  # raised by Django itself, not by a failed connection
                return False
            sqlite_code = getattr(driver_error, "sqlite_errorcode", None)
            if sqlite_code is not None:
                return sqlite_code & 0xFF in (_SQLITE_CANTOPEN, _SQLITE_IOERR)
            sqlstate = getattr(driver_error, "sqlstate", None)
            # psycopg raises client-side failures (refused, timed out, closed by the server)
            # without a SQLSTATE; the server's own errors carry one.
            return sqlstate is None or sqlstate[:2] == "08" or sqlstate in _UNAVAILABLE_SQLSTATES
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def service_unavailable(request=None) -> HttpResponse:
    """The maintenance page: a template only, so that it renders with the database down."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html") -> HttpResponse:
    """handler500: a 503 maintenance page when the database is down, else the 500 page.

    Django calls it while handling the exception, so ``sys.exception()`` is that exception.
    """
    if database_unavailable(sys.exception()):
        return service_unavailable(request)
    return django_server_error(request, template_name)


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the site's own page, in the visitor's language.

    Nearly always a form left open too long or a browser that refuses cookies; Django's
    ``django.security.csrf`` logger has already recorded the reason.
    """
    return render(request, "403_csrf.html", status=403)
