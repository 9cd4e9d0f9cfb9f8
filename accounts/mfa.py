"""The second factor (allauth.mfa) of staff sessions, and how long such a session lasts.

A session records which user proved a second factor in it (a TOTP code or a recovery code
at login or on confirming access, or a TOTP code when the authenticator was activated), and
when its user logged in. ``accounts.middleware`` reads both; the receivers write them.
"""

import time
from datetime import UTC, datetime

from allauth.mfa.models import Authenticator
from django.conf import settings

SECOND_FACTOR_SESSION_KEY = "accounts_second_factor_user"
LOGIN_AT_SESSION_KEY = "accounts_login_at"


def record_second_factor(session, user) -> None:
    session[SECOND_FACTOR_SESSION_KEY] = str(user.pk)


def record_login(session) -> None:
    session[LOGIN_AT_SESSION_KEY] = time.time()


def proved_second_factor(request) -> bool:
    return request.session.get(SECOND_FACTOR_SESSION_KEY) == str(request.user.pk)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def staff_session_ends_at(request) -> datetime | None:
    """When a staff session ends: a working day after its login (None: login time unknown)."""
    login_at = request.session.get(LOGIN_AT_SESSION_KEY)
    if not isinstance(login_at, int | float):
        return None
    return datetime.fromtimestamp(login_at + settings.STAFF_SESSION_AGE, tz=UTC)
