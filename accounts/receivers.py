"""What other apps (Django's auth, allauth's MFA) tell the accounts app about a session."""

from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import mfa, policies


@receiver(user_logged_in, dispatch_uid="accounts.record_login")
def record_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    mfa.record_login(request.session)
    if policies.must_use_second_factor(user):
        # The session cookie ends with the working day (the middleware enforces it as well).
        request.session.set_expiry(mfa.staff_session_ends_at(request))


@receiver(mfa_signals.authenticator_used, dispatch_uid="accounts.second_factor_used")
def second_factor_used(sender, request, user, authenticator, **kwargs):
    """A TOTP or recovery code was accepted, at login or on confirming access."""
    if request is not None:
        mfa.record_second_factor(request.session, user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.second_factor_added")
def second_factor_added(sender, request, user, authenticator, **kwargs):
    """Activating an authenticator app took a code from it: the session has proved it."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        mfa.record_second_factor(request.session, user)
