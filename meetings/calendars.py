"""iCalendar of the committee's meetings and activities, public and per member.

A calendar app cannot log in, so a member's private calendar lives at a URL whose token is the
secret; the member can revoke and renew it. The private calendar holds members-only events and
the member's own answers, never anyone else's.
"""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Calendar, Event

from .models import Activity, Meeting, Member
from .policies import can_have_calendar_link
from .selectors import (
    agenda_outline,
    calendar_activities,
    calendar_meetings,
    calendar_token_active,
    calendar_token_of,
)
from .services import calendar_token_issue, calendar_token_revoke

# Events of the last month stay in the calendar, so that a subscriber still finds the meeting
# they just attended; there is no upper limit (meetings are planned months ahead at most).
PAST_DAYS = 30
DEFAULT_MEETING_LENGTH = dt.timedelta(hours=2)
PRODID = "-//Ayase Innovation Promotion Committee//Ayase portal//JA"


def _uid_domain() -> str:
    """UIDs must never change, so they use the configured SITE_URL, not the request's host."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _agenda_text(meeting: Meeting) -> str:
    return "\n".join(f"{'  ' * depth}・{item.title}" for depth, item in agenda_outline(meeting))


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def meeting_event(meeting: Meeting, *, request, tz, domain: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", _utc(meeting.updated_at))
    if meeting.start_time:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
        if meeting.end_time:
            end = dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=tz)
        else:
            end = start + DEFAULT_MEETING_LENGTH
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        # No time entered: an all-day event, which calendar apps show without a time.
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
    description = _agenda_text(meeting)
    if description:
        event.add("description", f"{_('Agenda')}:\n{description}")
    return event


def activity_event(activity: Activity, *, request, domain: str) -> Event:
    event = Event()
    event.add("uid", f"activity-{activity.pk}@{domain}")
    event.add("dtstamp", _utc(activity.created_at))
    # All-day over start_date..end_date inclusive: DTEND is the day after (RFC 5545).
    event.add("dtstart", activity.start_date)
    event.add("dtend", (activity.end_date or activity.start_date) + dt.timedelta(days=1))
    event.add("summary", activity.title)
    if activity.place:
        event.add("location", activity.place)
    event.add("url", request.build_absolute_uri(activity.get_absolute_url()))
    parts = []
    own = getattr(activity, "own_responses", None)
    if own is not None:
        if own:
            answer = own[0]
            line = _("Your answer: %(answer)s") % {"answer": answer.get_answer_display()}
            if answer.comment:
                line += f" ({answer.comment})"
        else:
            line = _("Your answer: %(answer)s") % {"answer": _("not given yet")}
        parts.append(line)
    if activity.description:
        parts.append(activity.description)
    if parts:
        event.add("description", "\n\n".join(parts))
    return event


def build_calendar(*, name: str, meetings, activities, request) -> Calendar:
    tz = timezone.get_default_timezone()
    domain = _uid_domain()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(tz))
    calendar.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, request=request, tz=tz, domain=domain))
    for activity in activities:
        calendar.add_component(activity_event(activity, request=request, domain=domain))
    calendar.add_missing_timezones()
    return calendar


def _ics_response(calendar: Calendar, *, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _since() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=PAST_DAYS)


@require_GET
def public_calendar(request):
    anyone = AnonymousUser()
    since = _since()
    calendar = build_calendar(
        name=_("Ayase Innovation Promotion Committee"),
        meetings=calendar_meetings(meetings=Meeting.objects.visible_to(anyone), since=since),
        activities=calendar_activities(activities=Activity.objects.visible_to(anyone), since=since),
        request=request,
    )
    return _ics_response(calendar, filename="ayase-committee.ics")


@require_GET
def member_calendar(request, key: str):
    token = calendar_token_active(key=key)
    if token is None:
        raise Http404
    since = _since()
    calendar = build_calendar(
        name=_("Ayase Innovation Promotion Committee (members)"),
        meetings=calendar_meetings(meetings=Meeting.objects.not_drafts(), since=since),
        activities=calendar_activities(
            activities=Activity.objects.not_drafts(), since=since, member=token.member
        ),
        request=request,
    )
    response = _ics_response(calendar, filename="ayase-committee-members.ics")
    # The URL is a secret: no shared cache may keep what it returns.
    patch_cache_control(response, private=True, max_age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _calendar_urls(request, token) -> dict[str, str]:
    https = request.build_absolute_uri(
        reverse("meetings:member_calendar", kwargs={"key": token.key})
    )
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar_link(request):
    if not can_have_calendar_link(request.user):
        raise PermissionDenied
    member = Member.objects.filter(user=request.user, is_active=True).first()
    if request.method == "POST":
        if member is None:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "issue":
            calendar_token_issue(member=member)
            messages.success(
                request,
                _("Your new calendar URL is ready. Any URL you had before no longer works."),
            )
        elif action == "revoke":
            token = calendar_token_of(member=member)
            if token is not None:
                calendar_token_revoke(token=token)
            messages.success(request, _("Your calendar URL no longer works."))
        else:
            messages.error(request, _("Choose one of the buttons."))
        return redirect("meetings:calendar_link")
    token = calendar_token_of(member=member) if member else None
    public_https = request.build_absolute_uri(reverse("meetings:calendar"))
    return render(
        request,
        "meetings/calendar_link.html",
        {
            "member": member,
            "token": token,
            "urls": _calendar_urls(request, token) if token else None,
            "public_urls": {
                "https": public_https,
                "webcal": "webcal://" + public_https.split("://", 1)[1],
            },
            "feed_url": request.build_absolute_uri(reverse("meetings:feed")),
        },
    )
