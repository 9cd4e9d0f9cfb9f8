"""Staff sessions: a second factor before any page, and an end after a working day.

Staff and superusers (``policies.must_use_second_factor``) reach no page of the portal or
the admin until their session has proved a second factor: without an authenticator app they
are sent to set one up, with one to enter a code from it. Their session ends
``STAFF_SESSION_AGE`` seconds after they logged in, whatever they do.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import mfa, policies

# Reached at any time: leaving, the language switch, the load balancer's probe.
ALWAYS_OPEN = frozenset({"account_logout", "set_language", "healthz"})
# Setting an authenticator app up (allauth first asks for the password again, or a code
# mailed to the account's address).
SETUP_PAGES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
    }
)
# Proving the second factor with a code from the app or a recovery code.
PROOF_PAGES = frozenset({"mfa_authenticate", "mfa_reauthenticate"})


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not policies.must_use_second_factor(user):
            return None
        page = request.resolver_match.url_name
        ends_at = mfa.staff_session_ends_at(request)
        if ends_at is None or ends_at <= timezone.now():
            logout(request)
            if page in ALWAYS_OPEN:
                return None
            messages.info(
                request,
                _("Staff sessions end %(hours)s hours after logging in. Please log in again.")
                % {"hours": f"{settings.STAFF_SESSION_AGE / 3600:g}"},
            )
            return redirect_to_login(request.get_full_path())
        # The browser forgets the session when it ends, unless it ends on closing anyway.
        if not request.session.get_expire_at_browser_close() and (
            request.session.get_expiry_date() > ends_at
        ):
            request.session.set_expiry(ends_at)

        if page in ALWAYS_OPEN or mfa.proved_second_factor(request):
            return None
        if mfa.has_authenticator_app(user):
            if page in PROOF_PAGES:
                return None
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        if page in SETUP_PAGES:
            return None
        messages.warning(
            request,
            _(
                "City staff and administrators log in with a second factor. Set up an "
                "authenticator app on your phone to continue."
            ),
        )
        return redirect("mfa_activate_totp")
