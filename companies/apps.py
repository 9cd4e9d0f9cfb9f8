from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Companies")

    def ready(self):
        # accounts sits below this app and never imports it: it asks, through these two
        # hooks, who is company staff and who should become a member on accepting an invitation.
        from accounts import roles, signals

        from . import policies, receivers
        from .models import MEMBERSHIPS, Membership

        roles.register_role_check(roles.Role.COMPANY_STAFF, policies.is_company_staff)
        roles.register_standing_rows(
            MEMBERSHIPS,
            roles.StandingRows(Membership, user_field="user", text="role", number="company_id"),
        )
        signals.invitation_accepted.connect(
            receivers.grant_invited_membership, dispatch_uid="companies.grant_invited_membership"
        )
