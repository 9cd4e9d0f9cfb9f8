"""A reservation as a calendar event: an .ics file of one event and a Google Calendar link.

The file is as private as the reservation's page: it lives under the page's secret link
(``reservations/<token>/calendar.ics``), is found by the same token check, and holds the
link back to the page, where the visitor sees and cancels the reservation. Built in the style
of ``meetings/calendars.py`` (icalendar, the time in Asia/Tokyo with its VTIMEZONE, UIDs on
SITE_URL's host so that a second import updates the same event).
"""

import datetime as dt
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Reservation
from .wording import party_text

PRODID = "-//Ayase Innovation Promotion Committee//Ayase open factory//JA"
STATUS = {
    Reservation.Status.CONFIRMED: "CONFIRMED",
    Reservation.Status.ATTENDED: "CONFIRMED",
    Reservation.Status.APPLIED: "TENTATIVE",
    Reservation.Status.WAITLISTED: "TENTATIVE",
}


def _page_url(reservation: Reservation) -> str:
    return settings.SITE_URL + reservation.get_absolute_url()


def _summary(reservation: Reservation) -> str:
    programme = reservation.slot.programme
    return f"{programme.title}（{programme.exhibitor.company.name}）"


def _location(reservation: Reservation) -> str:
    exhibitor = reservation.slot.programme.exhibitor
    parts = [exhibitor.company.name, exhibitor.place, exhibitor.company.address]
    return " ".join(part for part in parts if part)


def _description(reservation: Reservation) -> str:
    slot = reservation.slot
    programme = slot.programme
    lines = [
        f"{_('Ayase open factory')}: {programme.exhibitor.area_day.edition}",
        f"{_('Status')}: {reservation.get_status_display()}",
        f"{_('Check-in code')}: {reservation.code}",
        f"{_('People')}: {party_text(reservation.adults, reservation.children)}",
    ]
    if programme.description:
        lines += ["", programme.description]
    lines += ["", _("See or cancel your reservation:"), _page_url(reservation)]
    return "\n".join(lines)


def reservation_calendar(reservation: Reservation) -> Calendar:
    """One VEVENT at the slot's time, in Asia/Tokyo (a cancelled one says CANCELLED)."""
    slot = reservation.slot
    tz = timezone.get_default_timezone()
    company = slot.programme.exhibitor.company
    event = Event()
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    event.add("uid", f"openfactory-reservation-{reservation.pk}@{domain}")
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", slot.starts_at.astimezone(tz))
    event.add("dtend", slot.ends_at.astimezone(tz))
    event.add("summary", _summary(reservation))
    event.add("location", _location(reservation))
    if company.has_position:
        event.add("geo", (float(company.latitude), float(company.longitude)))
    event.add("description", _description(reservation))
    event.add("url", _page_url(reservation))
    event.add("status", STATUS.get(reservation.status, "CANCELLED"))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def _google_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(reservation: Reservation) -> str:
    """Google Calendar's "add event" link, the same event filled in (times in UTC).

    The details carry the reservation's link, as the .ics does: the visitor adds it to their
    own calendar. The portal sends no Referer to Google (SECURE_REFERRER_POLICY same-origin).
    """
    slot = reservation.slot
    query = {
        "action": "TEMPLATE",
        "text": _summary(reservation),
        "dates": f"{_google_time(slot.starts_at)}/{_google_time(slot.ends_at)}",
        "details": _description(reservation),
        "location": _location(reservation),
        "ctz": str(timezone.get_default_timezone()),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
