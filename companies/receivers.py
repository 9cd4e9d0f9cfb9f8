"""What the companies app does when an app below it announces something."""

from accounts.models import Invitation

from .services import membership_grant


def grant_invited_membership(sender, invitation, user, **kwargs) -> None:
    """A company-staff invitation was accepted: its holder becomes owner or editor."""
    if invitation.kind != Invitation.Kind.COMPANY_STAFF:
        return
    membership_grant(user=user, company=invitation.company, role=invitation.company_role)
