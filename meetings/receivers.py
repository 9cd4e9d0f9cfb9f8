"""What the meetings app does when the accounts app announces something (``accounts.signals``)."""

from accounts.models import Invitation

from . import services


def link_invited_member(sender, invitation: Invitation, user, **kwargs) -> None:
    if invitation.kind == Invitation.Kind.COMMITTEE_MEMBER:
        services.member_link_invited(invitation=invitation, user=user)
