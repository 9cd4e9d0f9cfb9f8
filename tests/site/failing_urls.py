from django.db import connections
from django.db.utils import load_backend
from django.urls import path

from ayase_portal.urls import handler500  # noqa: F401 (the site's own error handler)
from tests.outages import free_port


def boom(request):
    raise RuntimeError("a bug")


def database_down(request):
    """A real connection attempt to a database server that is not there."""
    settings_dict = dict(connections["default"].settings_dict)
    if settings_dict["ENGINE"].endswith("sqlite3"):
        settings_dict["NAME"] = "/nonexistent-folder/portal.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    unreachable = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "down")
    unreachable.ensure_connection()


def database_error(request):
    """An error of a database that answers: a cancelled statement, a table that is not there."""
    with connections["default"].cursor() as cursor:
        if connections["default"].vendor == "postgresql":
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")
        else:
            cursor.execute("SELECT * FROM no_such_table")


urlpatterns = [
    path("boom/", boom),
    path("database-down/", database_down),
    path("database-error/", database_error),
]
