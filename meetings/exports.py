"""Rows of the attendance exports for city staff (written for Excel by japanese.excel)."""

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Attendance, Meeting, Member


def unmatched_label() -> str:
    return _("(unmatched)")


def attendance_rows(meetings: QuerySet[Meeting]) -> QuerySet[Attendance]:
    """Every attendance of the meetings, in the order of the meetings and of the minutes."""
    return (
        Attendance.objects.filter(meeting__in=meetings)
        .select_related("meeting", "member")
        .order_by("meeting__date", "meeting__start_time", "meeting_id", "order", "pk")
    )


def attendance_csv_rows(meetings: QuerySet[Meeting]) -> list[list]:
    """One row per attendance: date, meeting, name as written, member (or unmatched), status."""
    header = [_("date"), _("meeting"), _("name as written"), _("member"), _("attendance status")]
    rows = (
        [
            attendance.meeting.date.isoformat(),
            attendance.meeting.title,
            attendance.name_as_written,
            attendance.member.name if attendance.member_id else unmatched_label(),
            attendance.get_status_display(),
        ]
        for attendance in attendance_rows(meetings)
    )
    return [header, *rows]


def attendance_filename(meetings: QuerySet[Meeting]) -> str:
    dates = sorted({d.isoformat() for d in meetings.values_list("date", flat=True)})
    if not dates:
        return f"attendance_{dt.date.today().isoformat()}.csv"
    span = dates[0] if len(dates) == 1 else f"{dates[0]}_{dates[-1]}"
    return f"attendance_{span}.csv"


def attendance_sheet_rows(year: int) -> list[list]:
    """The year at a glance: one row per person, one column per meeting, then the rate.

    Members come in the committee's order; names that match no member follow, as written.
    """
    meetings = list(Meeting.objects.filter(date__year=year).order_by("date", "start_time", "pk"))
    attendances = list(
        Attendance.objects.filter(meeting__in=meetings).select_related("member").order_by("order")
    )
    status_of: dict[tuple[object, int], str] = {}
    people: dict[object, str] = {}
    member_ids = {a.member_id for a in attendances if a.member_id}
    for member in Member.objects.filter(pk__in=member_ids) | Member.objects.filter(is_active=True):
        people[("member", member.pk)] = member.name
    for attendance in attendances:
        if attendance.member_id:
            key = ("member", attendance.member_id)
        else:
            key = ("name", attendance.name_as_written)
            people.setdefault(key, f"{attendance.name_as_written} {unmatched_label()}")
        status_of[(key, attendance.meeting_id)] = attendance.status

    marks = {
        Attendance.Status.PRESENT: "○",
        Attendance.Status.ABSENT: "×",
        Attendance.Status.GUEST: _("guest"),
    }
    header = [
        _("person's name"),
        *(f"{m.date:%m/%d} {m.get_kind_display()}" for m in meetings),
        _("meetings attended"),
        _("attendance rate"),
    ]
    rows = [header]
    for key, name in people.items():
        statuses = [status_of.get((key, m.pk), "") for m in meetings]
        present = sum(s == Attendance.Status.PRESENT for s in statuses)
        rate = f"{present / len(meetings):.0%}" if meetings else ""
        rows.append([name, *(marks.get(s, "") for s in statuses), present, rate])
    return rows
