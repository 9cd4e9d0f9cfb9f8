"""Account workflows: invitations (create, (re)send, revoke, accept) and second factors."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from core.tasks import delay_or_run_on_commit
from japanese.text import normalize

# The task's work lives beside (no cycle with tasks.py); callers may keep asking services.
from .mails import invitation_mail_send as invitation_mail_send
from .models import Invitation, User
from .roles import COMMITTEE_GROUP, forget_standing
from .selectors import accounts_with_email
from .signals import invitation_accepted


class InvitationError(ServiceError):
    """An invitation cannot be created, sent or accepted; the message is for the user."""


def _enqueue_invitation_mail(invitation: Invitation) -> None:
    from .tasks import send_invitation_mail

    delay_or_run_on_commit(send_invitation_mail, invitation.pk)


@transaction.atomic
def invitation_create(
    *,
    email: str,
    kind: str,
    invited_by: User | None,
    company: Any = None,  # a companies.Company: a higher app, not imported here
    company_role: str = "",
) -> Invitation:
    email = normalize(email).lower()
    if kind == Invitation.Kind.COMPANY_STAFF:
        if company is None or company_role not in Invitation.CompanyRole.values:
            raise InvitationError(_("Choose the company and the role in it for company staff."))
    else:
        company, company_role = None, ""
    duplicate = Invitation.objects.pending().filter(email__iexact=email, kind=kind, company=company)
    if duplicate.exists():
        raise InvitationError(
            _("%(email)s already has an open invitation of this kind. Resend it instead.")
            % {"email": email}
        )
    invitation = Invitation.objects.create(
        email=email, kind=kind, company=company, company_role=company_role, invited_by=invited_by
    )
    _enqueue_invitation_mail(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationError(_("This invitation was already accepted or revoked."))
    invitation.expires_at = Invitation._meta.get_field("expires_at").get_default()
    invitation.mail_sent_at = None
    invitation.save(update_fields=["expires_at", "mail_sent_at"])
    _enqueue_invitation_mail(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationError(_("This invitation was already accepted."))
    if not invitation.revoked_at:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _grant_role(invitation: Invitation, user: User) -> None:
    """The committee role is this app's; a company role is granted by the companies app,
    which receives ``invitation_accepted`` (in this transaction: an error there undoes all)."""
    if invitation.kind == Invitation.Kind.COMMITTEE_MEMBER:
        group, _created = Group.objects.get_or_create(name=COMMITTEE_GROUP)
        user.groups.add(group)
        forget_standing(user)
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)


def user_email_mark_verified(*, user: User) -> None:
    """Record the user's address as verified, so that allauth lets them log in.

    Used where the address is vouched for: an invitation link that was opened, an account
    that city staff made in the admin, a superuser made on the command line.
    """
    user.mark_email_verified()


@transaction.atomic
def user_email_replace(*, user: User, previous: str) -> None:
    """City staff gave the account a new address: it replaces ``previous`` as its key.

    allauth mails password resets to every verified address of an account, so the address
    staff replaced (a closed mailbox, someone else's) must stop being one; the new one is
    vouched for by staff, as in an account they make.
    """
    from allauth.account.models import EmailAddress

    if previous.lower() == user.email.lower():
        return
    EmailAddress.objects.filter(user=user, email__iexact=previous).delete()
    EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
    user_email_mark_verified(user=user)


@transaction.atomic
def invitation_accept(
    *, key: str, user: User | None = None, name: str = "", password: str = ""
) -> User:
    """Accept the invitation as ``user``, or as a new account with ``name`` and ``password``."""
    try:
        invitation = Invitation.objects.select_for_update().get(key=key)
    except Invitation.DoesNotExist:
        raise InvitationError(_("This invitation link is not valid.")) from None
    if not invitation.is_usable:
        raise InvitationError(
            _(
                "This invitation can no longer be used (%(status)s). Ask the secretariat for a new one."
            )
            % {"status": invitation.get_status_display()}
        )
    if user is None:
        # Any account the address leads to (its own or an allauth address) is taken over by
        # no one but its holder: they log in first, then accept.
        if accounts_with_email(invitation.email).exists():
            raise InvitationError(
                _(
                    "An account with this email address exists. Log in first, then open the link again."
                )
            )
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=invitation.email, password=password, name=normalize(name)
                )
        except IntegrityError:
            raise InvitationError(
                _(
                    "An account with this email address exists. Log in first, then open the link again."
                )
            ) from None
    elif user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _("This invitation is for %(email)s. Log out and open the link again.")
            % {"email": invitation.email}
        )
    user_email_mark_verified(user=user)
    _grant_role(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def second_factor_remove(*, user: User) -> int:
    """Remove the user's authenticator app and recovery codes; return how many were removed.

    For a lost phone: staff then set up a new app at their next login (accounts.middleware).
    """
    removed, _by_model = Authenticator.objects.filter(user=user).delete()
    return removed
