"""Read queries of the meetings app; each returns what a page needs in a fixed number of queries."""

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from .models import (
    ActionItem,
    Activity,
    ActivityResponse,
    AgendaItem,
    Attendance,
    Committee,
    Meeting,
    Member,
)


def committee_profile() -> Committee | None:
    """The committee with its purposes and activities, in three queries."""
    return Committee.objects.prefetch_related("purposes", "activities").first()


def committee_summary() -> Committee | None:
    """The committee alone, for pages that show only its name and description."""
    return Committee.objects.first()


# --- meetings -------------------------------------------------------------------------------


def meeting_years(user) -> list[int]:
    return [d.year for d in Meeting.objects.visible_to(user).dates("date", "year", order="DESC")]


def meeting_list(user, *, year: int | None = None):
    meetings = Meeting.objects.visible_to(user).annotate(
        attendee_count=Count("attendances", filter=~Q(attendances__status=Attendance.Status.ABSENT))
    )
    if year:
        meetings = meetings.filter(date__year=year)
    return meetings.order_by("-date", "-start_time", "-pk")


def meeting_for_page(user, pk: int) -> Meeting:
    """The meeting with its agenda, notes, links, attendance, action items and attachments."""
    items = AgendaItem.objects.prefetch_related("notes", "links").order_by("order", "pk")
    actions = ActionItem.objects.select_related("owner_member", "owner_company", "agenda_item")
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch("attendances", queryset=Attendance.objects.select_related("member")),
            Prefetch("action_items", queryset=actions),
            "attachments",
        ),
        pk=pk,
    )
    return meeting


@dataclass
class AgendaNode:
    item: AgendaItem
    children: list["AgendaNode"] = field(default_factory=list)


def agenda_tree(meeting: Meeting) -> list[AgendaNode]:
    """The prefetched agenda items as a tree, without further queries."""
    nodes = {item.pk: AgendaNode(item) for item in meeting.agenda_items.all()}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.item.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def meeting_neighbours(user, meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    visible = Meeting.objects.visible_to(user).only("pk", "date", "title", "kind")
    previous = visible.filter(Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk))
    following = visible.filter(Q(date__gt=meeting.date) | Q(date=meeting.date, pk__gt=meeting.pk))
    return previous.order_by("-date", "-pk").first(), following.order_by("date", "pk").first()


def carried_over_action_items(user, meeting: Meeting):
    """Action items still open from earlier meetings, so that they carry over."""
    return (
        ActionItem.objects.filter(
            status=ActionItem.Status.OPEN,
            meeting__in=Meeting.objects.visible_to(user).filter(date__lt=meeting.date),
        )
        .select_related("meeting", "owner_member", "owner_company")
        .order_by("due_date", "meeting__date", "pk")
    )


# --- attendance -----------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    member: Member
    present: int
    rate: float | None


@dataclass
class AttendanceYear:
    year: int
    meetings: int
    rows: list[AttendanceRow]


def attendance_rates(user) -> list[AttendanceYear]:
    """出席率 per member per year, counted over the meetings the viewer may see."""
    visible = Meeting.objects.visible_to(user)
    meetings_per_year = dict(
        visible.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    present = (
        Attendance.objects.filter(
            meeting__in=visible, member__isnull=False, status=Attendance.Status.PRESENT
        )
        .annotate(year=ExtractYear("meeting__date"))
        .values("year", "member")
        .annotate(n=Count("meeting", distinct=True))
        .values_list("year", "member", "n")
    )
    counts: dict[int, dict[int, int]] = {}
    for year, member_id, n in present:
        counts.setdefault(year, {})[member_id] = n
    members = list(Member.objects.all())
    years = []
    for year in sorted(meetings_per_year, reverse=True):
        total = meetings_per_year[year]
        rows = []
        for member in members:
            n = counts.get(year, {}).get(member.pk, 0)
            if n or member.is_active:
                rows.append(AttendanceRow(member, n, n / total if total else None))
        years.append(AttendanceYear(year, total, rows))
    return years


# --- activities and action items ------------------------------------------------------------


def activity_list(user):
    return (
        Activity.objects.visible_to(user)
        .annotate(
            attending=Count("responses", filter=Q(responses__answer=ActivityResponse.Answer.ATTEND))
        )
        .order_by("-start_date", "pk")
    )


def activity_for_page(user, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.visible_to(user).prefetch_related(
            Prefetch("responses", queryset=ActivityResponse.objects.select_related("member")),
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting")),
        ),
        pk=pk,
    )


def member_for_user(user) -> Member | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(user=user, is_active=True).first()


def open_action_items_by_owner(user) -> "OrderedDict[str, list[ActionItem]]":
    items = (
        ActionItem.objects.filter(
            status=ActionItem.Status.OPEN, meeting__in=Meeting.objects.visible_to(user)
        )
        .select_related("meeting", "owner_member", "owner_company", "agenda_item")
        .order_by("owner_member__order", "owner_company__name_kana", "owner_name", "due_date", "pk")
    )
    grouped: OrderedDict[str, list[ActionItem]] = OrderedDict()
    for item in items:
        grouped.setdefault(item.owner_label or "", []).append(item)
    return grouped


def is_overdue(item: ActionItem, today: dt.date) -> bool:
    return bool(item.due_date and item.due_date < today and item.status == ActionItem.Status.OPEN)
