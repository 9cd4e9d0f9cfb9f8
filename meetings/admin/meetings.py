"""Meetings in the admin: the minutes edited inline (attendance, agenda, action items,
attachments), publishing, exports, and the routes of the import wizard and attendance sheet."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_autocomplete import AutocompleteAdminMixin
from japanese import excel
from japanese.text import normalize

from .. import exports, services
from ..forms import (
    ActionItemForm,
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    AttendanceInlineFormSet,
    MeetingAdminForm,
    MeetingRowsInlineFormSet,
)
from ..models import ActionItem, AgendaItem, Attachment, Attendance, Meeting, Visibility
from .attendance_sheet import AttendanceSheetMixin
from .base import AttachmentDisplayMixin, OwnPagesMixin, YearListFilter, _release_members_taken
from .import_wizard import MinutesImportMixin


class AttendanceInline(admin.TabularInline):
    model = Attendance
    form = AttendanceForm
    formset = AttendanceInlineFormSet
    fields = ["order", "name_as_written", "member", "status"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")  # each row's label


class AgendaItemInline(admin.TabularInline):
    """Top level and sub-items in order; notes and links are edited on the item's own page."""

    model = AgendaItem
    form = AgendaItemForm
    formset = MeetingRowsInlineFormSet
    fields = ["order", "title", "parent", "note_count", "link_count"]
    readonly_fields = ["note_count", "link_count"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                notes_total=Count("notes", distinct=True),
                links_total=Count("links", distinct=True),
            )
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A sub-item hangs under an item of the same meeting, never of another one.
        parents = AgendaItem.objects.filter(meeting=obj) if obj else AgendaItem.objects.none()
        formset.form.base_fields["parent"].queryset = parents
        return formset

    @admin.display(description=_("notes"))
    def note_count(self, obj):
        return getattr(obj, "notes_total", 0)

    @admin.display(description=_("links"))
    def link_count(self, obj):
        return getattr(obj, "links_total", 0)


class ActionItemInline(AutocompleteAdminMixin, admin.TabularInline):
    model = ActionItem
    form = ActionItemForm
    formset = MeetingRowsInlineFormSet
    fields = [
        "text",
        "agenda_item",
        "owner_member",
        "owner_company",
        "owner_name",
        "due_date",
        "status",
    ]
    autocomplete_fields = ["owner_company"]
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        items = AgendaItem.objects.filter(meeting=obj) if obj else AgendaItem.objects.none()
        formset.form.base_fields["agenda_item"].queryset = items
        return formset


class AttachmentInline(AttachmentDisplayMixin, admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    fields = ["title", "stored_file", "file", "type_display", "size_display", "uploaded_at"]
    readonly_fields = ["stored_file", "type_display", "size_display", "uploaded_at"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(MinutesImportMixin, AttendanceSheetMixin, OwnPagesMixin, admin.ModelAdmin):
    form = MeetingAdminForm
    list_display = [
        "date",
        "kind",
        "title",
        "visibility",
        "attendance_count",
        "unmatched_count",
        "published_at",
    ]
    list_display_links = ["date", "title"]
    list_filter = ["kind", "visibility", YearListFilter]
    date_hierarchy = "date"
    search_fields = ["title", "search_text"]
    readonly_fields = ["imported_at", "edited_at", "source_text"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "date", "start_time", "end_time", "place"]}),
        (_("Publication"), {"fields": ["visibility", "published_at"]}),
        (
            _("Import"),
            {
                "fields": ["unparsed", "import_warnings", "imported_at", "edited_at"],
                "description": _(
                    "What the importer could not place is kept here: move it to the agenda, "
                    "then empty the field."
                ),
            },
        ),
        (_("Imported text"), {"fields": ["source_text"], "classes": ["collapse"]}),
    ]
    inlines = [AttendanceInline, AgendaItemInline, ActionItemInline, AttachmentInline]
    actions = ["publish_public", "publish_members", "export_attendance_csv"]
    change_list_template = "admin/meetings/meeting/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                attendances_total=Count("attendances", distinct=True),
                unmatched_total=Count(
                    "attendances", filter=Q(attendances__member__isnull=True), distinct=True
                ),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        # Search text is stored normalised: ｲﾝﾄﾞﾈｼｱ typed in the box finds インドネシア.
        return super().get_search_results(request, queryset, normalize(search_term))

    @admin.display(description=_("attendance"), ordering="attendances_total")
    def attendance_count(self, obj):
        return obj.attendances_total

    @admin.display(description=_("unmatched names"), ordering="unmatched_total")
    def unmatched_count(self, obj):
        return obj.unmatched_total or ""

    # Saving: staff edits are marked and the search index follows them.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.visibility != Visibility.DRAFT and obj.published_at is None:
            services.meeting_publish(meeting=obj, visibility=obj.visibility)

    def save_formset(self, request, form, formset, change):
        if formset.model is Attendance:
            _release_members_taken(formset.forms)
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        # Attachments go through the services, which store what the form's check returned
        # (an image re-encoded, never the file as sent).
        checked = {id(f.instance): f.checked_file for f in formset.forms}
        for attachment in formset.save(commit=False):
            if attachment.pk is None:
                services.attachment_add(
                    meeting=form.instance,
                    title=attachment.title,
                    file=attachment.file.file,
                    checked=checked.get(id(attachment)),
                )
            else:
                services.attachment_update(
                    attachment=attachment,
                    title=attachment.title,
                    checked=checked.get(id(attachment)),
                )
        for attachment in formset.deleted_objects:
            services.attachment_delete(attachment=attachment)
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # What an import would overwrite: the minutes' fields, attendance and agenda. Publishing
        # alone, action items and attachments are no edit of the minutes (imports keep them).
        minutes_fields = set(form.changed_data) - {"visibility", "published_at"}
        minutes_rows = any(f.has_changed() for f in formsets if f.model in (Attendance, AgendaItem))
        if not change or minutes_fields or minutes_rows:
            services.meeting_edited(meeting=form.instance)

    def delete_model(self, request, obj):
        for attachment in obj.attachments.all():
            services.attachment_delete(attachment=attachment)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for attachment in Attachment.objects.filter(meeting__in=queryset):
            services.attachment_delete(attachment=attachment)
        super().delete_queryset(request, queryset)

    # Actions

    def _publish(self, request, queryset, visibility):
        published = 0
        for meeting in queryset:
            services.meeting_publish(meeting=meeting, visibility=visibility)
            published += 1
            if meeting.unparsed.strip():
                self.message_user(
                    request,
                    _("%(meeting)s still has text the importer could not place.")
                    % {"meeting": meeting},
                    messages.WARNING,
                )
        return published

    @admin.action(description=_("Publish to everyone"), permissions=["change"])
    def publish_public(self, request, queryset):
        count = self._publish(request, queryset, Visibility.PUBLIC)
        self.message_user(
            request,
            ngettext(
                "%(count)d meeting was published to everyone.",
                "%(count)d meetings were published to everyone.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish to committee members only"), permissions=["change"])
    def publish_members(self, request, queryset):
        count = self._publish(request, queryset, Visibility.MEMBERS)
        self.message_user(
            request,
            ngettext(
                "%(count)d meeting was published to committee members only.",
                "%(count)d meetings were published to committee members only.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export attendance (CSV for Excel)"), permissions=["view"])
    def export_attendance_csv(self, request, queryset):
        meetings = Meeting.objects.filter(pk__in=queryset.values("pk"))
        return excel.csv_response(
            exports.attendance_filename(meetings), exports.attendance_csv_rows(meetings)
        )

    # Views of their own: the import of minutes and the attendance sheet of a year.

    def get_urls(self):
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="meetings_meeting_import",
            ),
            path(
                "attendance-sheet/",
                self.admin_site.admin_view(self.attendance_sheet_view),
                name="meetings_meeting_attendance_sheet",
            ),
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_add_permission(request),
        }
        return super().changelist_view(request, extra_context)
