from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from japanese.validators import NUL

from .forms import InvitationAcceptForm
from .models import Invitation, User
from .policies import may_accept_invitation
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

    if User.objects.filter(email__iexact=invitation.email).exists():
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
            form.add_error(None, str(error))
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
