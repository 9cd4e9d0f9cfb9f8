"""The logs keep no key that a link carries.

A reservation's link, an invitation's, a password reset's and a member's calendar URL each
open what they name to whoever holds them; the logs (stdout, kept by the platform) must not
become a list of such keys: neither gunicorn's access log (the real gunicorn with the
production settings writes it here) nor Django's warnings that name a path.
"""

import logging

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils.module_loading import import_string

from accounts import services as account_services
from accounts.models import Invitation
from tests.openfactory.factories import ReservationFactory
from tests.outages import fetch, gunicorn

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER'] or 'postgres'}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def get(url: str, **headers) -> int:
    return fetch(url, **headers)[0]


def test_the_access_log_keeps_no_key_of_a_link(staff, collected_static, tmp_path):
    reservation = ReservationFactory()
    invitation = account_services.invitation_create(
        email="someone@example.jp", kind=Invitation.Kind.COMMITTEE_MEMBER, invited_by=staff
    )
    access_log = tmp_path / "access.log"
    env = {
        "DATABASE_URL": database_url(),
        "STATIC_ROOT": str(collected_static),
        "GUNICORN_ACCESSLOG": str(access_log),
    }
    with gunicorn(env, settings.BASE_DIR) as base:
        reservation_url = f"{base}/openfactory/reservations/{reservation.token}/"
        assert get(reservation_url) == 200
        assert get(f"{reservation_url}cancel/", Referer=reservation_url) == 405  # POST only
        assert get(f"{base}/accounts/invitation/{invitation.key}/") == 200
        assert get(f"{base}/accounts/password/reset/key/1-abc-0123456789abcdef/") in (200, 302)
        assert get(f"{base}/meetings/calendar/Secret-Calendar-Key.ics") == 404
    log = access_log.read_text()
    assert "/openfactory/reservations/[redacted]/cancel/" in log
    for secret in (reservation.token, invitation.key, "0123456789abcdef", "Secret-Calendar-Key"):
        assert secret not in log


def test_djangos_warnings_keep_no_key_of_a_link(caplog, settings):
    reservation = ReservationFactory()
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING):
        # A cancel form left open too long: the CSRF warning names the path.
        cancel = client.post(f"/openfactory/reservations/{reservation.token}/cancel/")
        assert cancel.status_code == 403
        assert client.get(f"/openfactory/reservations/{reservation.token}x/").status_code == 404
    assert len(caplog.records) == 2

    # What the portal's stdout handler writes: its filter, then its formatter.
    handler = settings.LOGGING["handlers"]["stdout"]
    filters = [
        import_string(settings.LOGGING["filters"][name]["()"])() for name in handler["filters"]
    ]
    formatter = logging.Formatter(settings.LOGGING["formatters"][handler["formatter"]]["format"])
    written = []
    for record in caplog.records:
        for log_filter in filters:
            log_filter.filter(record)
        written.append(formatter.format(record))
    text = "\n".join(written)
    assert "/openfactory/reservations/[redacted]/cancel/" in text
    assert reservation.token not in text
