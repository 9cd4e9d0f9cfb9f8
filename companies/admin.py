from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Company, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "name_kana",
        "industry",
        "area",
        "is_listed",
        "is_committee",
        "posting_reminders",
        "is_demo",
        "updated_at",
    ]
    list_filter = ["is_listed", "is_committee", "industry", "area", "posting_reminders", "is_demo"]
    search_fields = ["name", "name_kana", "summary", "technologies", "products"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("name", "name_kana", "slug", "summary", "logo")}),
        (
            _("Profile"),
            {
                "fields": (
                    "industry",
                    "area",
                    "postal_code",
                    "address",
                    "founded_year",
                    "employees",
                    "technologies",
                    "products",
                    "certifications",
                )
            },
        ),
        (
            _("Web and contact"),
            {
                "fields": (
                    "website",
                    "sns_x",
                    "sns_instagram",
                    "sns_facebook",
                    "sns_youtube",
                    "contact_phone",
                    "contact_email",
                    "contact_note",
                )
            },
        ),
        (
            _("Settings"),
            {"fields": ("is_listed", "is_committee", "posting_reminders", "is_demo")},
        ),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "created_at"]
    list_filter = ["role", "company"]
    list_select_related = ["user", "company"]
    search_fields = ["user__email", "user__name", "company__name"]
    autocomplete_fields = ["user", "company"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: the trail is written by the services, never by hand."""

    list_display = ["created_at", "company", "action", "subject", "actor"]
    list_filter = ["action", "company"]
    list_select_related = ["company", "actor"]
    search_fields = ["subject", "detail", "company__name", "actor__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
