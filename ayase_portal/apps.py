from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's own site as ``admin.site``."""

    default_site = "ayase_portal.admin.PortalAdminSite"
