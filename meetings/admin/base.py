"""Pieces the admin pages of the committee share: year filters, the meeting column, minutes
parts that mark their meeting as edited by staff, attachments' columns, the admin's own pages."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from japanese.dates import format_date

from .. import services
from ..models import Meeting


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


def _file_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB" if size else "0 KB"


class OwnPagesMixin:
    """The context of an admin page of the model admin's own (the import wizard, the sheet)."""

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


def _release_members_taken(forms) -> None:
    """Rows about to take a member from another row (a swap) have it released first."""
    for form in forms:
        member = getattr(form, "cleaned_data", {}).get("member")
        if member is not None and "member" in form.changed_data and form.instance.meeting_id:
            services.attendance_member_release(
                meeting=form.instance.meeting, member=member, keep=form.instance.pk
            )
