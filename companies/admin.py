from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_autocomplete import AutocompleteAdminMixin

from . import policies, services
from .forms import CompanyAdminForm, UnpublishForm
from .models import AuditEntry, Company, Membership, Photo, Post, PostingReminder, Tag


class MembershipInline(AutocompleteAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    form = CompanyAdminForm
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
    readonly_fields = ["logo"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "name_kana",
                    "slug",
                    "summary",
                    "logo",
                    "logo_upload",
                    "remove_logo",
                )
            },
        ),
        (
            _("Profile"),
            {
                "fields": (
                    "industry",
                    "area",
                    "postal_code",
                    "address",
                    "latitude",
                    "longitude",
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.company_logo_set(
            company=obj,
            actor=request.user,
            logo=form.cleaned_data.get("logo_upload"),
            remove=form.cleaned_data.get("remove_logo", False),
        )


@admin.register(Membership)
class MembershipAdmin(AutocompleteAdminMixin, admin.ModelAdmin):
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


class ReviewRequestedFilter(admin.SimpleListFilter):
    title = _("review requested")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("pending", _("Waiting for the secretariat"))]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(
                status=Post.Status.UNPUBLISHED, review_requested_at__isnull=False
            )
        return queryset


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    """Read only, except moderation: city staff answer the companies' review requests here
    or on the post's page, through the same services (and audit trail)."""

    list_display = [
        "display_title",
        "company",
        "category",
        "status",
        "publish_at",
        "author",
        "review_requested_at",
    ]
    list_filter = [ReviewRequestedFilter, "status", "category", "company__is_committee", "company"]
    actions = ["accept_review", "decline_review"]
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
        "review_requested_at",
        "review_requested_by",
        "review_message",
        "site_link",
    ]
    readonly_fields = fields

    def has_moderate_permission(self, request):
        return policies.can_moderate(request.user)

    @admin.action(
        description=_("Accept the review request: put the post back online"),
        permissions=["moderate"],
    )
    def accept_review(self, request, queryset):
        done = 0
        for post in queryset.filter(status=Post.Status.UNPUBLISHED).select_related("company"):
            try:
                services.post_reinstate(post=post, actor=request.user)
            except services.PostError as error:
                self.message_user(request, f"{post}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d post is back online.", "%(count)d posts are back online.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Decline the review request (with a reason)"), permissions=["moderate"]
    )
    def decline_review(self, request, queryset):
        """Asks for the reason the company will read, then declines each selected request."""
        posts = list(
            queryset.filter(
                status=Post.Status.UNPUBLISHED, review_requested_at__isnull=False
            ).select_related("company")
        )
        form = UnpublishForm(request.POST if "apply" in request.POST else None)
        if posts and form.is_bound and form.is_valid():
            for post in posts:
                services.post_review_decline(
                    post=post, actor=request.user, reason=form.cleaned_data["reason"]
                )
            self.message_user(
                request,
                ngettext(
                    "%(count)d review request was declined.",
                    "%(count)d review requests were declined.",
                    len(posts),
                )
                % {"count": len(posts)},
                messages.SUCCESS,
            )
            return None
        if not posts:
            self.message_user(
                request, _("None of the selected posts waits for a review."), messages.WARNING
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline the review request"),
            "opts": self.model._meta,
            "posts": posts,
            "objects": posts,
            "action": "decline_review",
            "field": form["reason"],
            "submit_label": _("Decline the review request"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/companies/post/decline_review.html", context)

    @admin.display(description=_("on the site"))
    def site_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url(), _("Open, edit or unpublish")
        )

    def delete_model(self, request, obj):
        # A superuser's delete goes the way of the company's own: into the company's audit
        # trail, with the photos' files removed from storage.
        services.post_delete(post=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for post in queryset:
            services.post_delete(post=post, actor=request.user)


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
