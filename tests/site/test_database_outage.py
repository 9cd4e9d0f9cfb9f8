"""PostgreSQL (or SQLite's file) gone under the real gunicorn with the production settings.

While the database cannot be reached every page answers the 503 maintenance page with
``Retry-After`` (not the 500 page), except a public page kept in the page cache for
visitors without a session, and /healthz its JSON 503; the first request after the
database is back is served normally, with no restart of the web process.
"""

import pytest
from django.conf import settings

from tests.outages import fetch, gunicorn

pytestmark = pytest.mark.faults


@pytest.mark.django_db(transaction=True)
def test_pages_say_503_with_retry_after_while_the_database_is_down_and_work_after(
    database_switch, collected_static
):
    url, cut, restore, extra_env = database_switch
    env = {"DATABASE_URL": url, "STATIC_ROOT": str(collected_static), **extra_env}
    with gunicorn(env, settings.BASE_DIR) as base:
        status, _headers, body = fetch(f"{base}/about/")
        assert status == 200 and "綾瀬イノベーション推進委員会" in body
        assert fetch(f"{base}/about/")[0] == 200  # with Redis, kept in the page cache now

        cut()
        status, _headers, body = fetch(f"{base}/about/")
        if settings.REDIS_URL:
            # A page kept for visitors needs no database: it is still read while the
            # database is down (nothing can change it meanwhile).
            assert status == 200 and "綾瀬イノベーション推進委員会" in body
        else:
            # Without Redis nothing is kept (core/page_cache.py): the maintenance page.
            assert status == 503 and "ただいまメンテナンス中です" in body
        for path in ("/companies/", "/openfactory/", "/accounts/login/", "/meetings/?year=2022"):
            status, headers, body = fetch(base + path)
            assert status == 503, path
            assert headers["Retry-After"] == "30"
            assert "ただいまメンテナンス中です" in body and "temporarily unavailable" in body
        status, headers, body = fetch(f"{base}/healthz")
        assert status == 503 and headers["Content-Type"] == "application/json"
        assert '"database": "error"' in body

        restore()
        status, _headers, body = fetch(f"{base}/about/")
        assert status == 200 and "綾瀬イノベーション推進委員会" in body
        assert fetch(f"{base}/healthz")[0] == 200


@pytest.mark.django_db(transaction=True)
def test_metrics_still_answer_while_the_database_is_down(database_switch, collected_static):
    """The counts of requests are what tells most about an outage: /metrics serves them and
    says the database is down, instead of failing with it."""
    url, cut, restore, extra_env = database_switch
    env = {
        "DATABASE_URL": url,
        "STATIC_ROOT": str(collected_static),
        "METRICS_ALLOWED_IPS": "127.0.0.1",
        **extra_env,
    }
    with gunicorn(env, settings.BASE_DIR) as base:
        status, _headers, body = fetch(f"{base}/metrics")
        assert status == 200 and "ayase_database_up 1.0" in body

        cut()
        assert fetch(f"{base}/about/")[0] == 503
        status, _headers, body = fetch(f"{base}/metrics")
        assert status == 200
        assert "ayase_database_up 0.0" in body and "ayase_reservations{" not in body
        assert 'ayase_http_requests_total{method="GET",status="503",view="about"} 1.0' in body

        restore()
        status, _headers, body = fetch(f"{base}/metrics")
        assert status == 200 and 'ayase_reservations{status="confirmed"}' in body
