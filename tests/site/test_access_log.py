"""gunicorn's access log keeps no key that a link carries.

A reservation's link, an invitation's, a password reset's and a member's calendar URL each
open what they name to whoever holds them; the access log (stdout, kept by the platform) must
not become a list of such keys. The real gunicorn with the production settings writes the log.
"""

import pytest
from django.conf import settings
from django.db import connection

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
