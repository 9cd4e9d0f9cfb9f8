import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet

from .models import (
    Activity,
    ActivityResponse,
    AgendaItem,
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
