from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and invitations")

    def ready(self):
        from . import receivers, roles  # noqa: F401  (receivers connect on import)

        # Permissions exist only after migrate has run, so the city staff group is kept in
        # step with them then rather than in a data migration.
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="accounts.sync_role_groups")
