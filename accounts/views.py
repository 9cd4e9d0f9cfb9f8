from django.contrib import admin, messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.errors import add_service_error
from japanese.validators import NUL

from .forms import InvitationAcceptForm
from .models import Invitation
from .policies import may_accept_invitation
from .selectors import accounts_with_email
from .services import InvitationError, invitation_accept

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _invitation(key: str) -> Invitation | None:
    # A key with a NUL byte (which PostgreSQL refuses in text) is no invitation.
    if NUL in key:
        return None
    return Invitation.objects.select_related("company").filter(key=key).first()


@never_cache
def invitation_accept_view(request, key):
    invitation = _invitation(key)
    if invitation is None or not invitation.is_usable:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"invitation": invitation},
            status=404 if invitation is None else 410,
        )
    context = {"invitation": invitation}
    if request.user.is_authenticated:
        if not may_accept_invitation(request.user, invitation):
            return render(request, "accounts/invitation_other_user.html", context, status=403)
        if request.method == "POST":
            return _accept(request, key, user=request.user)
        return render(request, "accounts/invitation_accept.html", context)

    if accounts_with_email(invitation.email).exists():
        return render(request, "accounts/invitation_login_first.html", context)
    form = InvitationAcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        return _accept(
            request,
            key,
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"],
            form=form,
        )
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


def _accept(request, key, *, user=None, name="", password="", form=None):
    try:
        user = invitation_accept(key=key, user=user, name=name, password=password)
    except InvitationError as error:
        if form is not None:
            add_service_error(form, error)
            invitation = Invitation.objects.select_related("company").get(key=key)
            return render(
                request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
            )
        messages.error(request, str(error))
        return redirect("home")
    if not request.user.is_authenticated:
        login(request, user, backend=BACKEND)
    messages.success(request, _("Welcome! Your invitation has been accepted."))
    return redirect("home")


@never_cache
def admin_login(request, extra_context=None):
    """The admin's login page, which checks no password.

    Everyone signs in through the portal's login (rate limited per client, second factor for
    staff). Django's own admin login would check any password posted to it, unthrottled, even
    for a visitor who is already signed in.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if admin.site.has_permission(request):
        return redirect(next_url)
    return render(request, "accounts/admin_refused.html", {"next": next_url}, status=403)


def admin_password_change(request, extra_context=None):
    """The portal's password page asks for the current password under a rate limit."""
    return redirect("account_change_password")
