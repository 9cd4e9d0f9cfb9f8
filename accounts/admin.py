from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import policies, services
from .forms import (
    EmailAddressAdminForm,
    InvitationAdminForm,
    UserAdminChangeForm,
    UserAdminCreationForm,
)
from .models import Invitation, SecondFactor, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name",)}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # City staff vouch for the address of an account they make.
            services.user_email_mark_verified(user=obj)
        elif "email" in form.changed_data:
            services.user_email_replace(user=obj, previous=form.initial["email"])

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser hands out rights; city staff keep names and addresses current.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_staff", "is_superuser", "groups"]
        return readonly

    def has_change_permission(self, request, obj=None):
        # Also guards the password form, which asks this question about its user.
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or policies.may_change_account(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or policies.may_change_account(request.user, obj)


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(BaseEmailAddressAdmin):
    """allauth's e-mail addresses, with the accounts policy applied to each address's user.

    An address is a key to its account (password resets are mailed to it), so city staff
    neither see nor touch the addresses of staff and superuser accounts, and cannot move an
    address onto such an account.
    """

    form = EmailAddressAdminForm

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return queryset
        # Bulk actions and the change and delete pages only reach what is listed here.
        return queryset.exclude(user__is_staff=True).exclude(user__is_superuser=True)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or policies.may_change_account(request.user, obj.user)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or policies.may_change_account(request.user, obj.user)

    @admin.action(description=_("Mark selected email addresses as verified"))
    def make_verified(self, request, queryset):
        allowed = [a.pk for a in queryset if policies.may_change_account(request.user, a.user)]
        super().make_verified(request, queryset.filter(pk__in=allowed))


# Shown once, under the portal's name (accounts.SecondFactor).
admin.site.unregister(Authenticator)


@admin.register(SecondFactor)
class SecondFactorAdmin(admin.ModelAdmin):
    """Second factors, for a superuser to reset a lost one by deleting it.

    City staff have no permission here (roles.CITY_STAFF_EXCLUDED). The app's key and the
    recovery codes' seed are never shown: whoever read them could make the codes.
    """

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Invitation.Status.choices

    def queryset(self, request, queryset):
        from django.utils import timezone

        now = timezone.now()
        match self.value():
            case Invitation.Status.PENDING:
                return queryset.pending()
            case Invitation.Status.ACCEPTED:
                return queryset.filter(accepted_at__isnull=False)
            case Invitation.Status.REVOKED:
                return queryset.filter(revoked_at__isnull=False, accepted_at__isnull=True)
            case Invitation.Status.EXPIRED:
                return queryset.filter(
                    expires_at__lte=now, accepted_at__isnull=True, revoked_at__isnull=True
                )
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    form = InvitationAdminForm
    list_display = [
        "email",
        "kind",
        "company",
        "company_role",
        "status_display",
        "created_at",
        "mail_sent_at",
    ]
    list_filter = [InvitationStatusFilter, "kind", "company_role", "company"]
    list_select_related = ["company"]
    search_fields = ["email", "company__name"]
    readonly_fields = [
        "status_display",
        "invited_by",
        "created_at",
        "expires_at",
        "mail_sent_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "link",
    ]
    actions = ["resend", "revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "kind", "company", "company_role"]
        return ["email", "kind", "company", "company_role", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A sent invitation is not edited: revoke it and send a new one.
        return ["email", "kind", "company", "company_role", *self.readonly_fields]

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("invitation link"))
    def link(self, obj):
        from django.conf import settings

        if not obj.is_usable:
            return "-"
        url = settings.SITE_URL + obj.get_absolute_url()
        if obj.company_id:
            # Shown on a visit to the company: the person scans it with their phone.
            from django.urls import reverse
            from django.utils.html import format_html

            qr = reverse("companies:invitation_qr", kwargs={"slug": obj.company.slug, "pk": obj.pk})
            return format_html(
                '{}<br><img src="{}" alt="QR" width="240" height="240" class="invitation-qr">',
                url,
                qr,
            )
        return url

    def save_model(self, request, obj, form, change):
        if change:
            return
        # Creation goes through the service, which also sends the mail once committed.
        created = services.invitation_create(
            email=form.cleaned_data["email"],
            kind=form.cleaned_data["kind"],
            company=form.cleaned_data.get("company"),
            company_role=form.cleaned_data.get("company_role", ""),
            invited_by=request.user,
        )
        obj.pk = created.pk
        obj.key = created.key

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except services.InvitationError as error:
            self.message_user(request, str(error), messages.ERROR)
            from django.shortcuts import redirect

            return redirect("admin:accounts_invitation_changelist")

    def _apply(self, request, queryset, service, done_message):
        """Run a service on each selected invitation; say what was done and what was refused."""
        done = 0
        for invitation in queryset:
            try:
                service(invitation=invitation)
                done += 1
            except services.InvitationError as error:
                self.message_user(request, f"{invitation.email}: {error}", messages.WARNING)
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Resend the invitation mail"))
    def resend(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.invitation_resend,
            lambda n: ngettext("%(count)d invitation resent.", "%(count)d invitations resent.", n),
        )

    @admin.action(description=_("Revoke the invitation"))
    def revoke(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.invitation_revoke,
            lambda n: ngettext(
                "%(count)d invitation revoked.", "%(count)d invitations revoked.", n
            ),
        )
