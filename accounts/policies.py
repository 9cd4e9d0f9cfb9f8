"""Who may do what with accounts and invitations.

The admin, the invitation pages and the second-factor gate ask here; nothing else decides.
"""

from .models import Invitation, User
from .roles import is_city_staff, is_superuser
from .types import AnyUser


def can_manage_invitations(user: AnyUser) -> bool:
    return is_city_staff(user)


def may_accept_invitation(user: AnyUser, invitation: Invitation) -> bool:
    """An invitation is accepted by its addressee: anonymous (a new account) or that user."""
    if not isinstance(user, User):  # request.user: a User when signed in, else anonymous
        return True
    return user.email.lower() == invitation.email.lower()


def is_privileged_account(account: AnyUser) -> bool:
    """Staff and superuser accounts, active or not: whoever controls one runs the admin.

    The raw flags are read, not the roles: a deactivated superuser is still one, and
    reactivating it must stay a superuser's decision.
    """
    return bool(account.is_staff or account.is_superuser)


def may_change_account(actor: AnyUser, account: User) -> bool:
    """May ``actor`` change ``account``: its password, e-mail addresses, active flag, name?

    City staff keep ordinary accounts current (a company owner's new address, a forgotten
    password). A staff or superuser account, the actor's own included, is changed only by a
    superuser: otherwise one city-staff login could take over the superuser, and changing
    one's own credentials goes through the account pages, which ask for the current password.
    Changing a password or deactivating an account also ends its sessions.
    """
    if is_superuser(actor):
        return True
    return is_city_staff(actor) and not is_privileged_account(account)


def must_use_second_factor(user: AnyUser) -> bool:
    """Staff and superusers sign in with a second factor; everyone else may choose to."""
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and is_privileged_account(user)
    )


def may_remove_second_factor(user: AnyUser) -> bool:
    """Staff cannot switch their second factor off; a superuser resets a lost one."""
    return not must_use_second_factor(user)
