"""The attendance sheet of a year in the admin: one CSV for Excel, members by meeting."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from japanese import excel

from .. import exports
from ..models import Meeting


class AttendanceSheetMixin:
    """The attendance sheet view of ``MeetingAdmin`` (its ``get_urls`` routes it)."""

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
