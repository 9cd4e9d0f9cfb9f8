from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's own site as ``admin.site``."""

    default_site = "ayase_portal.admin.PortalAdminSite"


class PortalConfig(AppConfig):
    """The project package as an app, for its management commands (``ops_status``)."""

    name = "ayase_portal"
    verbose_name = "Ayase portal"
