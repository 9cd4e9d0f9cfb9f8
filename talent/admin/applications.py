"""Applications in the admin: read, filtered and searched; their steps are taken on the
review page (/talent/staff/applications/<id>/), through the same services as everything."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Application, Transition


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fields = ["created_at", "from_status", "to_status", "actor", "comment", "amount"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "scheme",
        "company_name",
        "status",
        "submitted_at",
        "fiscal_year",
        "amount_granted",
        "review_link",
    ]
    list_filter = ["status", "scheme", "fiscal_year"]
    search_fields = ["company_name", "company__name", "scheme__title"]
    list_select_related = ["scheme", "company"]
    date_hierarchy = "submitted_at"
    fields = [
        "scheme",
        "company",
        "status",
        "company_name",
        "representative",
        "address",
        "phone",
        "email",
        "submitted_at",
        "fiscal_year",
        "amount_granted",
        "decision_reason",
        "review_link",
    ]
    readonly_fields = fields
    inlines = [TransitionInline]

    @admin.display(description=_("review"))
    def review_link(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("talent:review", kwargs={"pk": obj.pk}),
            _("Open the review page"),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
