"""The portal's admin site: the committee's header, allauth's login, and bulk actions that
refuse what no checkbox could have sent."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("Ayase Innovation Promotion Committee portal administration")
    site_title = _("Portal administration")
    index_title = _("Administration")
    site_url = "/"

    def login(self, request, extra_context=None):
        # Everyone signs in through allauth (rate limits, second factor, password reset);
        # the admin checks no password of its own.
        from accounts.views import admin_login

        return admin_login(request)

    def password_change(self, request, extra_context=None):
        from accounts.views import admin_password_change

        return admin_password_change(request)

    password_change_done = password_change

    def admin_view(self, view, cacheable=False):
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, admin.ModelAdmin) and view.__name__ == "changelist_view":
            view = _refusing_foreign_selections(view, model_admin)
        return super().admin_view(view, cacheable)


def _refusing_foreign_selections(view, model_admin):
    """A bulk action's selection holds primary keys from the list's own checkboxes. Any other
    value (``abc``, ``1.5``, ``²``) made the database lookup raise and the admin answer a 500;
    it is a 400 now, for every model admin, those to come included."""
    pk_field = model_admin.model._meta.pk

    def changelist_view(request, *args, **kwargs):
        if request.method == "POST":
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                try:
                    pk_field.clean(value, None)
                except ValidationError:
                    raise BadRequest(
                        "A bulk action selected something that is not a row."
                    ) from None
        return view(request, *args, **kwargs)

    changelist_view.__name__ = view.__name__
    changelist_view.__self__ = model_admin
    return changelist_view
