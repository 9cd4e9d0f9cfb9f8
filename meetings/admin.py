"""The secretariat's admin of the committee: profile, members, minutes, activities.

City staff keep the minutes here: agenda items, notes, links and attendance are edited inline,
imported minutes are previewed before they are stored, and what staff change by hand is marked
so that a later import does not overwrite it (see :func:`meetings.services.meeting_edited`).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from japanese import excel
from japanese.dates import format_date
from japanese.text import normalize

from . import exports, services
from .forms import (
    ActionItemForm,
    ActivityForm,
    ActivityResponseForm,
    AgendaItemForm,
    AttachmentForm,
    AttendanceChangelistFormSet,
    AttendanceForm,
    AttendanceInlineFormSet,
    LinkForm,
    MeetingAdminForm,
    MeetingRowsInlineFormSet,
    MemberAdminForm,
    MinutesConfirmForm,
    MinutesUploadForm,
    NoteForm,
)
from .importer import MinutesImportError, minutes_import
from .models import (
    ActionItem,
    Activity,
    ActivityResponse,
    AgendaItem,
    Attachment,
    Attendance,
    CalendarToken,
    Committee,
    CommitteeActivity,
    CommitteePurpose,
    Link,
    Meeting,
    Member,
    Note,
    Visibility,
)

UPLOAD_FIELDS = ["file", "text", "visibility", "replace"]
CONFIRM_FIELDS = ["visibility", "replace"]

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


# Shared pieces ---------------------------------------------------------------------------------


class YearListFilter(admin.SimpleListFilter):
    """Years that have meetings, newest first (the minutes are read by year)."""

    title = _("year")
    parameter_name = "year"
    date_field = "date"
    source = Meeting

    def lookups(self, request, model_admin):
        years = self.source.objects.dates(self.date_field, "year", order="DESC")
        return [(str(day.year), f"{day.year}") for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{f"{self.date_field}__year": int(self.value())})
        return queryset


class MeetingYearListFilter(YearListFilter):
    """The year of the meeting a row belongs to."""

    date_field = "meeting__date"

    def lookups(self, request, model_admin):
        years = Meeting.objects.dates("date", "year", order="DESC")
        return [(str(day.year), f"{day.year}") for day in years]


class MeetingColumnMixin:
    @admin.display(description=_("meeting"), ordering="meeting__date")
    def meeting_display(self, obj):
        return obj.meeting


class MinutesPartAdminMixin(MeetingColumnMixin):
    """The admin of a part of the minutes (agenda items, attendance): each change is a staff
    edit of its meeting, and of the meeting it left when it was moved to another."""

    meeting_related_name = ""  # the part's name seen from Meeting, for deletes in bulk

    def minutes_edited(self, form, obj, change):
        services.meeting_edited(meeting=obj.meeting)
        moved_from = form.initial.get("meeting")
        if change and moved_from and moved_from != obj.meeting_id:
            services.meeting_edited(meeting=Meeting.objects.get(pk=moved_from))

    def delete_model(self, request, obj):
        meeting = obj.meeting
        super().delete_model(request, obj)
        services.meeting_edited(meeting=meeting)

    def delete_queryset(self, request, queryset):
        lookup = {f"{self.meeting_related_name}__in": queryset}
        meetings = list(Meeting.objects.filter(**lookup).distinct())
        super().delete_queryset(request, queryset)
        for meeting in meetings:
            services.meeting_edited(meeting=meeting)


def _meeting_date(meeting: Meeting) -> str:
    return format_date(meeting.date, get_language() or "ja")


# Meetings ----------------------------------------------------------------------------------


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


class ActionItemInline(admin.TabularInline):
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


class AttachmentDisplayMixin:
    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj):
        return _file_size(obj.size) if obj.pk else ""

    @admin.display(description=_("file type"), ordering="content_type")
    def type_display(self, obj):
        return obj.content_type

    @admin.display(description=_("stored file"))
    def stored_file(self, obj):
        """The file's name, linked to the download (which checks access) once it exists."""
        if not obj.pk or not obj.file:
            return ""
        name = obj.file.name.rsplit("/", 1)[-1]
        try:
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), name)
        except NoReverseMatch:
            return name


class AttachmentInline(AttachmentDisplayMixin, admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    fields = ["title", "stored_file", "file", "type_display", "size_display", "uploaded_at"]
    readonly_fields = ["stored_file", "type_display", "size_display", "uploaded_at"]
    extra = 0


def _file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB" if size else "0 KB"


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
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

    def _context(self, request, title, form=None, fields=(), **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "adminform": helpers.AdminForm(form, [(None, {"fields": fields})], {})
            if form is not None
            else None,
            **context,
        }

    def import_view(self, request):
        """Step 1: upload and preview; step 2: confirm, import, go to the meeting."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "source" in request.POST:
            return self._import_confirm(request)
        form = MinutesUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self._import_preview(request, form)
        return TemplateResponse(
            request,
            "admin/meetings/meeting/import_form.html",
            self._context(request, _("Import minutes"), form=form, fields=UPLOAD_FIELDS),
        )

    def _import_preview(self, request, form):
        source = form.cleaned_data["source"]
        preview = minutes_import(
            parsed=source.parsed,
            replace=form.cleaned_data["replace"],
            visibility=form.cleaned_data["visibility"],
            dry_run=True,
        )
        context = self._context(
            request,
            _("Check the minutes before importing"),
            source=source,
            parsed=source.parsed,
            preview=preview,
            agenda=_agenda_rows(source.parsed.agenda),
            note_total=_total(source.parsed.agenda, "notes"),
            link_total=_total(source.parsed.agenda, "links"),
            form=form.confirm_form(),
            fields=CONFIRM_FIELDS,
        )
        return TemplateResponse(request, "admin/meetings/meeting/import_preview.html", context)

    def _import_confirm(self, request):
        form = MinutesConfirmForm(request.POST)
        if not form.is_valid():
            upload = MinutesUploadForm(
                initial={
                    "visibility": request.POST.get("visibility"),
                    "replace": bool(request.POST.get("replace")),
                }
            )
            errors = [error for errors in form.errors.values() for error in errors]
            context = self._context(
                request, _("Import minutes"), form=upload, fields=UPLOAD_FIELDS, errors=errors
            )
            return TemplateResponse(request, "admin/meetings/meeting/import_form.html", context)
        source = form.cleaned_data["source"]
        if not self.has_change_permission(request):
            # Importing minutes of a meeting that exists changes it: that needs the right to.
            planned = minutes_import(parsed=source.parsed, dry_run=True).planned
            if planned != "created":
                raise PermissionDenied
        try:
            result = minutes_import(
                parsed=source.parsed,
                source_text=source.text,
                replace=form.cleaned_data["replace"],
                visibility=form.cleaned_data["visibility"],
            )
        except (MinutesImportError, IntegrityError):
            self.message_user(
                request,
                _("The minutes could not be imported. Try again; if it fails again, ask IT."),
                messages.ERROR,
            )
            return redirect("admin:meetings_meeting_import")
        self._report_import(request, result)
        return redirect("admin:meetings_meeting_change", result.meeting.pk)

    def _report_import(self, request, result):
        date = _meeting_date(result.meeting)
        if result.action == "created":
            text = _("The minutes of %(date)s were imported as a new meeting.")
        elif result.action == "updated":
            text = _("The meeting of %(date)s was updated from the minutes.")
        else:
            text = _(
                "The meeting of %(date)s was edited by staff since it was last imported, so it "
                "was kept as it is. Import again with “Replace staff edits” to overwrite it."
            )
        level = messages.WARNING if result.action == "kept" else messages.SUCCESS
        self.message_user(request, text % {"date": date}, level)
        if result.unmatched and result.action != "kept":
            url = reverse("admin:meetings_attendance_changelist")
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}?meeting__id__exact={}&amp;unresolved=yes">{}</a>',
                    _("Names that match no committee member: %(names)s.")
                    % {"names": "、".join(result.unmatched)},
                    url,
                    result.meeting.pk,
                    _("Choose their members"),
                ),
                messages.WARNING,
            )

    def attendance_sheet_view(self, request):
        """The attendance of a year as a CSV sheet; without a year, the years to choose from."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = request.GET.get("year", "")
        if year.isdigit() and 1900 < int(year) < 3000:
            return excel.csv_response(
                f"attendance_sheet_{year}.csv", exports.attendance_sheet_rows(int(year))
            )
        years = [day.year for day in Meeting.objects.dates("date", "year", order="DESC")]
        context = self._context(request, _("Attendance sheet by year"), years=years)
        return TemplateResponse(request, "admin/meetings/meeting/attendance_sheet.html", context)


def _release_members_taken(forms) -> None:
    """Rows about to take a member from another row (a swap) have it released first."""
    for form in forms:
        member = getattr(form, "cleaned_data", {}).get("member")
        if member is not None and "member" in form.changed_data and form.instance.meeting_id:
            services.attendance_member_release(
                meeting=form.instance.meeting, member=member, keep=form.instance.pk
            )


def _agenda_rows(items, depth=0):
    """The parsed agenda flattened for the preview, each item with its depth."""
    rows = []
    for number, item in enumerate(items, start=1):
        rows.append({"depth": depth, "indent": "↳" * depth, "number": number, "item": item})
        rows += _agenda_rows(item.children, depth + 1)
    return rows


def _total(items, attribute) -> int:
    return sum(len(getattr(i, attribute)) + _total(i.children, attribute) for i in items)


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
class AgendaItemAdmin(MinutesPartAdminMixin, admin.ModelAdmin):
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


# Members, attendance, action items -------------------------------------------------------------


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    form = MemberAdminForm
    list_display = [
        "name",
        "name_kana",
        "role",
        "company_display",
        "term_start",
        "term_end",
        "is_active",
        "is_demo",
    ]
    list_filter = ["role", "is_active", "is_demo", "term_end"]
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
class AttendanceAdmin(MinutesPartAdminMixin, admin.ModelAdmin):
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
class ActionItemAdmin(MeetingColumnMixin, admin.ModelAdmin):
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
class ActivityAdmin(admin.ModelAdmin):
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


# Calendar links and attachments --------------------------------------------------------------


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
class AttachmentAdmin(MeetingColumnMixin, AttachmentDisplayMixin, admin.ModelAdmin):
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
