"""The import of the committee's minutes in the admin: upload, preview, confirm.

Step 1 uploads a minutes file (or pasted text) and previews what the import would do (a dry
run); step 2 imports it and goes to the meeting. A meeting staff edited since its last import
is kept as it is unless "Replace staff edits" is chosen.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..forms import MinutesConfirmForm, MinutesUploadForm
from ..importer import MinutesImportError, minutes_import
from ..minutes_fixes import CONTINUE, HEADING, NOTE
from .base import _meeting_date

UPLOAD_FIELDS = ["file", "text", "date", "visibility", "replace"]
CONFIRM_FIELDS = ["visibility", "replace"]
# What staff may make of a line the parser could not place, before importing.
FIX_CHOICES = [
    ("", _("leave it unplaced")),
    (HEADING, _("a heading (at the level of the one above)")),
    (NOTE, _("a note of the item above")),
    (CONTINUE, _("the end of the line before it")),
]


class MinutesImportMixin:
    """The import views of ``MeetingAdmin`` (its ``get_urls`` routes them)."""

    def import_view(self, request):
        """Step 1: upload and preview; step 2: confirm, import, go to the meeting."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "source" in request.POST:
            if "_fix" in request.POST:
                return self._import_fix(request)
            return self._import_confirm(request)
        form = MinutesUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self._import_preview(
                request,
                form.cleaned_data["source"],
                visibility=form.cleaned_data["visibility"],
                replace=form.cleaned_data["replace"],
            )
        return TemplateResponse(
            request,
            "admin/meetings/meeting/import_form.html",
            self._context(request, _("Import minutes"), form=form, fields=UPLOAD_FIELDS),
        )

    def _import_preview(self, request, source, *, visibility, replace):
        preview = minutes_import(
            parsed=source.parsed, replace=replace, visibility=visibility, dry_run=True
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
            form=MinutesConfirmForm.for_source(source, visibility=visibility, replace=replace),
            fields=CONFIRM_FIELDS,
            unparsed_rows=list(
                zip(source.parsed.unparsed_lines, source.parsed.unparsed, strict=True)
            ),
            fix_choices=FIX_CHOICES,
        )
        return TemplateResponse(request, "admin/meetings/meeting/import_preview.html", context)

    def _import_fix(self, request):
        """Staff placed lines the parser could not: apply, read again, preview again."""
        form = MinutesConfirmForm(request.POST)
        if form.is_valid():
            try:
                source = form.fixed_source()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self._import_preview(
                    request,
                    source,
                    visibility=form.cleaned_data["visibility"],
                    replace=form.cleaned_data["replace"],
                )
        return self._import_again(request, form)

    def _import_again(self, request, form):
        """Step 1 again, saying why the preview could not go on."""
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

    def _import_confirm(self, request):
        form = MinutesConfirmForm(request.POST)
        if not form.is_valid():
            return self._import_again(request, form)
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


def _agenda_rows(items, depth=0):
    """The parsed agenda flattened for the preview, each item with its depth."""
    rows = []
    for number, item in enumerate(items, start=1):
        rows.append({"depth": depth, "indent": "↳" * depth, "number": number, "item": item})
        rows += _agenda_rows(item.children, depth + 1)
    return rows


def _total(items, attribute) -> int:
    return sum(len(getattr(i, attribute)) + _total(i.children, attribute) for i in items)
