"""/healthz: JSON status of database, cache and broker; 503 while the database is unreachable.

The outage test runs the real gunicorn with the production settings and cuts the database
off for real: on PostgreSQL through a TCP proxy that is stopped and started again, on SQLite
by a database folder that disappears and comes back.
"""

import pytest
from django.conf import settings

from tests.outages import get_status, gunicorn


@pytest.mark.django_db
def test_healthz_reports_each_component(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["database"] == "ok"
    assert data["cache"] == "ok"
    assert data["broker"] == ("ok" if settings.REDIS_URL else "eager")
    assert data["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.faults  # cuts the database off for real (and so runs serially)
@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_while_the_database_is_down_and_200_after(database_switch, tmp_path):
    url, cut, restore, extra_env = database_switch
    env = {"DATABASE_URL": url, "STATIC_ROOT": str(tmp_path / "static"), **extra_env}
    with gunicorn(env, settings.BASE_DIR) as base:
        health = f"{base}/healthz"
        assert get_status(health) == 200

        cut()
        assert get_status(health) == 503
        assert get_status(health) == 503

        restore()
        assert get_status(health) == 200
