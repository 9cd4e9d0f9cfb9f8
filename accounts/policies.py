"""Who may do what with accounts and invitations."""

from .models import Invitation
from .roles import is_city_staff


def can_manage_invitations(user) -> bool:
    return is_city_staff(user)


def may_accept_invitation(user, invitation: Invitation) -> bool:
    """An invitation is accepted by its addressee: anonymous (a new account) or that user."""
    if not getattr(user, "is_authenticated", False):
        return True
    return user.email.lower() == invitation.email.lower()
