from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Company, Membership, Photo, Post, PostingReminder, Tag


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

    list_display = ["created_at", "company", "action", "subject", "actor", "post"]
    list_filter = ["action", "company"]
    list_select_related = ["company", "actor", "post__company"]
    search_fields = ["subject", "detail", "company__name", "actor__email"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Posts are written and moderated on the site's own pages, where every change goes
    through the services and into the audit trail; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["order", "caption", "width", "height", "renditions_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["display_title", "company", "category", "status", "publish_at", "author"]
    list_filter = ["status", "category", "company__is_committee", "company"]
    list_select_related = ["company", "author"]
    search_fields = ["title", "body", "company__name"]
    date_hierarchy = "publish_at"
    inlines = [PhotoInline]
    fields = [
        "company",
        "author",
        "title",
        "body",
        "category",
        "tags",
        "status",
        "publish_at",
        "moderation_reason",
        "moderated_by",
        "moderated_at",
        "site_link",
    ]
    readonly_fields = fields

    @admin.display(description=_("on the site"))
    def site_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url(), _("Open, edit or unpublish")
        )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    list_filter = [("posts__company", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]


@admin.register(PostingReminder)
class PostingReminderAdmin(ReadOnlyAdmin):
    list_display = ["company", "month", "sent_at", "recipients"]
    list_filter = ["month", "company"]
    list_select_related = ["company"]
    search_fields = ["company__name"]
