"""The parts of the minutes in lists of their own: agenda items (with notes and links),
attendance (resolving unmatched names), action items and attachments."""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_autocomplete import AutocompleteAdminMixin

from .. import services
from ..forms import (
    ActionItemForm,
    AgendaItemForm,
    AttachmentForm,
    AttendanceChangelistFormSet,
    AttendanceForm,
    LinkForm,
    NoteForm,
)
from ..models import ActionItem, AgendaItem, Attachment, Attendance, Link, Note
from .base import (
    AttachmentDisplayMixin,
    MeetingColumnMixin,
    MeetingYearListFilter,
    MinutesPartAdminMixin,
    _release_members_taken,
)

# Agenda items with their notes and links -------------------------------------------------------


class NoteInline(admin.TabularInline):
    model = Note
    form = NoteForm
    fields = ["order", "text"]
    extra = 1


class LinkInline(admin.TabularInline):
    model = Link
    form = LinkForm
    fields = ["order", "label", "url", "kind"]
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(AutocompleteAdminMixin, MinutesPartAdminMixin, admin.ModelAdmin):
    form = AgendaItemForm
    meeting_related_name = "agenda_items"
    list_display = ["title", "meeting_display", "order", "parent"]
    list_filter = ["meeting__kind", "meeting__visibility", MeetingYearListFilter]
    list_select_related = ["meeting", "parent"]
    search_fields = ["title", "notes__text", "meeting__title"]
    fields = ["meeting", "parent", "order", "title"]
    autocomplete_fields = ["meeting"]
    ordering = ["-meeting__date", "meeting", "order", "pk"]
    inlines = [NoteInline, LinkInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "parent" in form.base_fields:
            parents = (
                AgendaItem.objects.filter(meeting_id=obj.meeting_id).exclude(pk=obj.pk)
                if obj
                else AgendaItem.objects.none()
            )
            form.base_fields["parent"].queryset = parents
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change or form.has_changed() or any(f.has_changed() for f in formsets):
            self.minutes_edited(form, form.instance, change)


# Attendance and action items -------------------------------------------------------------------


class UnresolvedFilter(admin.SimpleListFilter):
    """Names the importer could not match to a member, for staff to resolve."""

    title = _("member")
    parameter_name = "unresolved"

    def lookups(self, request, model_admin):
        return [("yes", _("Unresolved: matches no member")), ("no", _("Matched to a member"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(member__isnull=True)
        if self.value() == "no":
            return queryset.filter(member__isnull=False)
        return queryset


@admin.register(Attendance)
class AttendanceAdmin(AutocompleteAdminMixin, MinutesPartAdminMixin, admin.ModelAdmin):
    form = AttendanceForm
    meeting_related_name = "attendances"
    list_display = ["name_as_written", "member", "status", "meeting_display"]
    list_display_links = ["name_as_written"]
    list_editable = ["member", "status"]
    list_filter = [UnresolvedFilter, "status", MeetingYearListFilter]
    list_select_related = ["meeting", "member"]
    search_fields = ["name_as_written", "member__name", "member__name_kana", "meeting__title"]
    autocomplete_fields = ["meeting"]
    fields = ["meeting", "order", "name_as_written", "member", "status"]
    ordering = ["-meeting__date", "meeting", "order", "pk"]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=AttendanceForm, **kwargs)

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(
            request, formset=AttendanceChangelistFormSet, **kwargs
        )

    def save_model(self, request, obj, form, change):
        _release_members_taken([form])
        super().save_model(request, obj, form, change)
        # A resolved name is a staff edit: the next import keeps it, search finds the member.
        self.minutes_edited(form, obj, change)


@admin.register(ActionItem)
class ActionItemAdmin(AutocompleteAdminMixin, MeetingColumnMixin, admin.ModelAdmin):
    form = ActionItemForm
    list_display = ["text", "owner_display", "due_date", "status", "meeting_display"]
    list_filter = ["status", "due_date", "owner_member", "meeting__kind"]
    list_select_related = ["meeting", "owner_member", "owner_company"]
    search_fields = [
        "text",
        "owner_name",
        "owner_member__name",
        "owner_company__name",
        "meeting__title",
    ]
    autocomplete_fields = ["meeting", "agenda_item", "owner_member", "owner_company"]
    ordering = ["status", "due_date", "pk"]  # fields: those of ActionItemForm
    actions = ["mark_done"]

    @admin.display(description=_("owner"))
    def owner_display(self, obj):
        return obj.owner_label

    @admin.action(description=_("Mark as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        count = 0
        for action_item in queryset:
            services.action_item_mark_done(action_item=action_item)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d action item was marked as done.",
                "%(count)d action items were marked as done.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


# Attachments -----------------------------------------------------------------------------------


class FileTypeFilter(admin.SimpleListFilter):
    title = _("file type")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return [
            ("pdf", "PDF"),
            ("office", _("Office documents")),
            ("text", _("CSV and text")),
            ("image", _("image")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pdf":
            return queryset.filter(content_type="application/pdf")
        if self.value() == "office":
            return queryset.filter(
                Q(content_type__startswith="application/vnd.")
                | Q(content_type="application/msword")
            )
        if self.value() == "text":
            return queryset.filter(content_type__startswith="text/")
        if self.value() == "image":
            return queryset.filter(content_type__startswith="image/")
        return queryset


@admin.register(Attachment)
class AttachmentAdmin(
    AutocompleteAdminMixin, MeetingColumnMixin, AttachmentDisplayMixin, admin.ModelAdmin
):
    form = AttachmentForm
    list_display = ["title", "meeting_display", "type_display", "size_display", "uploaded_at"]
    list_filter = [FileTypeFilter, "meeting__visibility", MeetingYearListFilter]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting"]
    fields = [
        "meeting",
        "title",
        "stored_file",
        "file",
        "type_display",
        "size_display",
        "uploaded_at",
    ]
    readonly_fields = ["stored_file", "type_display", "size_display", "uploaded_at"]

    def save_model(self, request, obj, form, change):
        if change:
            services.attachment_update(attachment=obj, title=obj.title, checked=form.checked_file)
            return None
        created = services.attachment_add(
            meeting=obj.meeting,
            title=obj.title,
            file=form.cleaned_data["file"],
            checked=form.checked_file,
        )
        obj.pk, obj.file, obj.uploaded_at = created.pk, created.file, created.uploaded_at
        return None

    def delete_model(self, request, obj):
        services.attachment_delete(attachment=obj)

    def delete_queryset(self, request, queryset):
        for attachment in queryset:
            services.attachment_delete(attachment=attachment)
