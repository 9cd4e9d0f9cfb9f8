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


urlpatterns = [path("boom/", boom), path("database-down/", database_down)]
