"""Read queries of the meetings app; each returns what a page needs in a fixed number of queries."""

import datetime as dt
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from django.db.models import Count, JSONField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear, JSONObject
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.types import AnyUser

from .models import (
    ActionItem,
    Activity,
    ActivityResponse,
    AgendaItem,
    Attendance,
    CalendarToken,
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


def meeting_years(user: AnyUser) -> list[int]:
    return [d.year for d in Meeting.objects.visible_to(user).dates("date", "year", order="DESC")]


def meeting_list(user: AnyUser, *, year: int | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.visible_to(user).annotate(
        attendee_count=Count("attendances", filter=~Q(attendances__status=Attendance.Status.ABSENT))
    )
    if year:
        meetings = meetings.filter(date__year=year)
    return meetings.order_by("-date", "-start_time", "-pk")


def _neighbour(user: AnyUser, *, before: bool) -> Subquery:
    """The previous (or next) meeting the user may see, as a small JSON object, for the
    meeting's own query: the page links both without a query of each."""
    visible = Meeting.objects.visible_to(user)
    if before:
        near = Q(date__lt=OuterRef("date")) | Q(date=OuterRef("date"), pk__lt=OuterRef("pk"))
        order = ("-date", "-pk")
    else:
        near = Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
        order = ("date", "pk")
    fields = JSONObject(pk="pk", title="title", date="date", kind="kind")
    return Subquery(
        visible.filter(near).order_by(*order).values_list(fields)[:1], output_field=JSONField()
    )


def meeting_for_page(user: AnyUser, pk: int) -> Meeting:
    """The meeting with its agenda, notes, links, attendance, action items and attachments,
    and its neighbours for ``meeting_neighbours``."""
    items = AgendaItem.objects.prefetch_related("notes", "links").order_by("order", "pk")
    actions = ActionItem.objects.select_related("owner_member", "owner_company", "agenda_item")
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user)
        .annotate(
            previous_meeting=_neighbour(user, before=True),
            next_meeting=_neighbour(user, before=False),
        )
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch("attendances", queryset=Attendance.objects.select_related("member")),
            Prefetch("action_items", queryset=actions),
            "attachments",
        ),
        pk=pk,
    )
    return meeting


def meeting_neighbours(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """The meetings before and after, as ``meeting_for_page`` found them (no query)."""

    def unpacked(found: dict | None) -> Meeting | None:
        if not found:
            return None
        date = dt.date.fromisoformat(found["date"])
        return Meeting(pk=found["pk"], title=found["title"], date=date, kind=found["kind"])

    return (
        unpacked(getattr(meeting, "previous_meeting", None)),
        unpacked(getattr(meeting, "next_meeting", None)),
    )


def carried_over_action_items(user: AnyUser, meeting: Meeting) -> QuerySet[ActionItem]:
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


def attendance_rates(user: AnyUser) -> list[AttendanceYear]:
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


def activity_list(user: AnyUser) -> QuerySet[Activity]:
    return (
        Activity.objects.visible_to(user)
        .annotate(
            attending=Count("responses", filter=Q(responses__answer=ActivityResponse.Answer.ATTEND))
        )
        .order_by("-start_date", "pk")
    )


def activity_for_page(user: AnyUser, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.visible_to(user).prefetch_related(
            Prefetch("responses", queryset=ActivityResponse.objects.select_related("member")),
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting")),
        ),
        pk=pk,
    )


def member_for_user(user: AnyUser) -> Member | None:
    if not isinstance(user, User):  # anonymous
        return None
    return Member.objects.filter(user=user, is_active=True).first()


def open_action_items_by_owner(user: AnyUser) -> "OrderedDict[str, list[ActionItem]]":
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


# --- feeds, calendars and reminders ---------------------------------------------------------


def agenda_outline(meeting: Meeting) -> list[tuple[int, AgendaItem]]:
    """The agenda as (depth, item) in reading order, from ``meeting.agenda_items`` prefetched.

    Built in Python so that a list of meetings costs one query for all their agendas.
    """
    children = defaultdict(list)
    for item in meeting.agenda_items.all():
        children[item.parent_id].append(item)
    outline: list[tuple[int, AgendaItem]] = []
    stack = [(0, item) for item in reversed(children[None])]
    while stack:
        depth, item = stack.pop()
        outline.append((depth, item))
        stack.extend((depth + 1, child) for child in reversed(children.get(item.pk, [])))
    return outline


def feed_meetings(*, limit: int = 20) -> QuerySet[Meeting]:
    """The newest public minutes with their agenda items (two queries, whatever the limit)."""
    return (
        Meeting.objects.public()
        .prefetch_related("agenda_items")
        .order_by("-date", "-start_time", "-pk")[:limit]
    )


def calendar_meetings(*, meetings: QuerySet[Meeting], since: dt.date) -> QuerySet[Meeting]:
    """Meetings from ``since`` on, out of ``meetings`` already filtered for the viewer."""
    return (
        meetings.filter(date__gte=since)
        .prefetch_related("agenda_items")
        .order_by("date", "start_time", "pk")
    )


def calendar_activities(
    *, activities: QuerySet[Activity], since: dt.date, member: Member | None = None
) -> QuerySet[Activity]:
    """Activities still running on or after ``since``; with a member, their own answer only."""
    activities = activities.filter(Q(start_date__gte=since) | Q(end_date__gte=since)).order_by(
        "start_date", "pk"
    )
    if member is not None:
        activities = activities.prefetch_related(
            Prefetch(
                "responses",
                queryset=ActivityResponse.objects.filter(member=member),
                to_attr="own_responses",
            )
        )
    return activities


def calendar_token_active(*, key: str) -> CalendarToken | None:
    """The live token of an active member with this key, or None (revoked, unknown, retired)."""
    return (
        CalendarToken.objects.select_related("member")
        .filter(key=key, revoked_at__isnull=True, member__is_active=True)
        .first()
    )


def calendar_token_of(*, member: Member) -> CalendarToken | None:
    return member.calendar_tokens.filter(revoked_at__isnull=True).order_by("-created_at").first()


def meetings_due_for_reminder(*, on: dt.date) -> list[int]:
    """Ids of the meetings held on ``on`` that members may see and were not reminded of yet."""
    return list(
        Meeting.objects.not_drafts()
        .filter(date=on, reminder_sent_at__isnull=True)
        .order_by("start_time", "pk")
        .values_list("pk", flat=True)
    )
