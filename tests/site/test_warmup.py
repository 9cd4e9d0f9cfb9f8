"""A new gunicorn worker answers the home page itself before it takes a visitor's request
(core/warmup.py): the first visitor after a restart no longer waits for Django to set up."""

import json
import runpy
import types

import pytest
from django.conf import settings
from django.core.wsgi import get_wsgi_application

from core.warmup import _host, warm_up
from tests.outages import fetch, gunicorn
from tests.site.test_access_log import database_url


# Through the WSGI handler, as gunicorn calls it: the request's end closes the database
# connection, which only a transactional test survives.
@pytest.mark.django_db(transaction=True)
def test_the_warm_up_gets_the_home_page_in_each_language():
    assert warm_up(get_wsgi_application()) == [("/", "200 OK"), ("/", "200 OK")]


def test_a_worker_that_cannot_warm_up_still_starts(caplog):
    def broken(environ, start_response):
        raise ConnectionError("the database is down")

    assert warm_up(broken) == [("/", "failed"), ("/", "failed")]
    assert "warm-up request / failed" in caplog.text


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        (["ayase.example.jp", "www.ayase.example.jp"], "ayase.example.jp"),
        ([".ayase.example.jp"], "ayase.example.jp"),
        (["*"], "localhost"),
        ([], "localhost"),
    ],
)
def test_the_warm_up_asks_for_a_host_the_portal_answers_for(allowed, host):
    assert _host(allowed) == host


@pytest.mark.django_db(transaction=True)
def test_gunicorn_conf_warms_each_worker():
    """The hook gunicorn calls once a worker has loaded the portal."""
    hooks = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    lines = []
    worker = types.SimpleNamespace(
        pid=4242,
        wsgi=get_wsgi_application(),
        log=types.SimpleNamespace(info=lambda message, *args: lines.append(message % args)),
    )
    hooks["post_worker_init"](worker)
    assert len(lines) == 1
    assert lines[0].startswith("Worker 4242 warmed up in ")
    assert lines[0].endswith(": / 200 OK, / 200 OK")


@pytest.mark.django_db(transaction=True)
def test_a_real_gunicorn_worker_warms_up_before_its_first_visitor(collected_static, tmp_path):
    log = tmp_path / "gunicorn.log"
    env = {"DATABASE_URL": database_url(), "STATIC_ROOT": str(collected_static), "TZ": ""}
    with gunicorn(env, settings.BASE_DIR, log=log) as base:
        assert fetch(f"{base}/")[0] == 200
    text = log.read_text()
    assert "warmed up in" in text
    assert "/ 200 OK, / 200 OK" in text
    # One time zone in the whole log: the master's lines (booting a worker) and the worker's
    # (warmed up, its requests) alike, though gunicorn was started in UTC (an empty TZ).
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    offsets = {(line["process"], line["time"][-6:]) for line in lines}
    assert len({process for process, _offset in offsets}) == 2, offsets  # master and worker
    assert {offset for _process, offset in offsets} == {"+09:00"}, offsets


def test_gunicorns_time_zone_is_the_portals():
    assert runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))["TIME_ZONE"] == (
        settings.TIME_ZONE
    )
