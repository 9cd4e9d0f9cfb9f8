"""The committee in the admin: its profile, members, activities and calendar links."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_autocomplete import AutocompleteAdminMixin
from core.errors import ServiceError

from .. import services
from ..forms import ActivityForm, ActivityResponseForm, MeetingRowsInlineFormSet, MemberAdminForm
from ..models import (
    Activity,
    ActivityResponse,
    CalendarToken,
    Committee,
    CommitteeActivity,
    CommitteePurpose,
    Member,
)

# The committee's profile -----------------------------------------------------------------------


class CommitteePurposeInline(admin.TabularInline):
    model = CommitteePurpose
    extra = 0


class CommitteeActivityInline(admin.StackedInline):
    model = CommitteeActivity
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "founded_on", "member_count", "member_count_as_of", "updated_at"]
    list_filter = ["founded_on"]
    search_fields = ["name", "name_en", "description"]
    inlines = [CommitteePurposeInline, CommitteeActivityInline]

    def has_add_permission(self, request):
        # There is one committee: its profile is edited, never added twice.
        return super().has_add_permission(request) and not Committee.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


# Members ---------------------------------------------------------------------------------------


@admin.register(Member)
class MemberAdmin(AutocompleteAdminMixin, admin.ModelAdmin):
    form = MemberAdminForm
    list_display = [
        "name",
        "name_kana",
        "role",
        "company_display",
        "term_start",
        "term_end",
        "is_active",
        "account_status",
        "is_demo",
    ]
    list_filter = ["role", "is_active", "is_demo", "term_end"]
    actions = ["invite"]
    list_select_related = ["company"]
    search_fields = ["name", "name_kana", "company__name", "company_name", "email"]
    autocomplete_fields = ["company", "user"]
    fieldsets = [
        (None, {"fields": ["name", "name_kana", "role", "order"]}),
        (_("Company"), {"fields": ["company", "company_name"]}),
        (_("Term"), {"fields": ["term_start", "term_end", "is_active"]}),
        (_("Contact"), {"fields": ["user", "email"]}),
        (None, {"fields": ["is_demo"]}),
    ]

    @admin.display(description=_("company"), ordering="company__name")
    def company_display(self, obj):
        return obj.company_label

    @admin.display(description=_("portal account"))
    def account_status(self, obj):
        if obj.user_id:
            return _("linked")
        if obj.invitation_id:
            return _("invited")
        return "—"

    @admin.action(description=_("Invite to the portal (at their e-mail address)"))
    def invite(self, request, queryset):
        """Accepting the invitation links the account to the member: they can answer
        activities at once, nobody links it by hand."""
        done = 0
        for member in queryset:
            try:
                services.member_invite(member=member, invited_by=request.user)
            except ServiceError as error:  # no address, already linked, an open invitation
                self.message_user(request, f"{member.name}: {error.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d member invited.", "%(count)d members invited.", done)
                % {"count": done},
                messages.SUCCESS,
            )


# Activities ----------------------------------------------------------------------------------


class ActivityResponseInline(admin.TabularInline):
    model = ActivityResponse
    form = ActivityResponseForm
    formset = MeetingRowsInlineFormSet
    fields = ["member", "answer", "comment"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")  # each row's label


@admin.register(Activity)
class ActivityAdmin(AutocompleteAdminMixin, admin.ModelAdmin):
    form = ActivityForm
    list_display = ["title", "kind", "start_date", "end_date", "place", "visibility", "answers"]
    list_filter = ["kind", "visibility", ("start_date", admin.DateFieldListFilter)]
    date_hierarchy = "start_date"
    search_fields = ["title", "place", "description"]
    autocomplete_fields = ["agenda_items"]
    inlines = [ActivityResponseInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                attending=Count(
                    "responses", filter=Q(responses__answer=ActivityResponse.Answer.ATTEND)
                ),
                answered=Count("responses"),
            )
        )

    @admin.display(description=_("answers (attending / all)"))
    def answers(self, obj):
        return f"{obj.attending} / {obj.answered}"


# Calendar links --------------------------------------------------------------------------------


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """Members make their calendar links themselves; staff see them and can revoke them."""

    list_display = ["member_display", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["member"]
    search_fields = ["member__name", "member__name_kana"]
    fields = ["member_display", "created_at", "revoked_at"]
    readonly_fields = ["member_display", "created_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description=_("member"), ordering="member__name")
    def member_display(self, obj):
        return obj.member

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the calendar link"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset:
            services.calendar_token_revoke(token=token)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d calendar link was revoked.",
                "%(count)d calendar links were revoked.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
