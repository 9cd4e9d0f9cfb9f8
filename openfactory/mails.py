"""The mails of a reservation and of an announcement, each in the one language the visitor
used on the site, built by the portal's one mail helper (core.mail.compose)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.mail import compose

from .calendar import google_calendar_url, reservation_calendar
from .models import Reservation, ReservationMail
from .qr import qr_png

Kind = ReservationMail.Kind

SUBJECTS = {
    Kind.CONFIRMED: _("Your reservation is confirmed"),
    Kind.APPLIED: _("Your lottery entry has been received"),
    Kind.WAITLISTED: _("You are on the waitlist"),
    Kind.PROMOTED: _("A seat is yours: your reservation is confirmed"),
    Kind.LOTTERY_WON: _("You won the lottery: your reservation is confirmed"),
    Kind.LOTTERY_WAITLISTED: _("Lottery result: you are on the waitlist"),
    Kind.CANCELLED: _("Your reservation has been cancelled"),
    Kind.REMINDER: _("Tomorrow: your open factory reservation"),
}
# Mails that admit the visitor carry the QR code of the check-in code.
WITH_QR = {Kind.CONFIRMED, Kind.PROMOTED, Kind.LOTTERY_WON, Kind.REMINDER}


def _subject(title):
    return format_lazy("[{}] {}", _("Ayase open factory"), title)


def reservation_message(reservation: Reservation, kind: str) -> EmailMessage:
    slot = reservation.slot
    programme = slot.programme
    language = reservation.language or settings.LANGUAGE_CODE
    with translation.override(language):  # the event's text, in the mail's language
        google_link = google_calendar_url(reservation)
        ics = reservation_calendar(reservation).to_ical()
    message = compose(
        to=[reservation.email],
        subject=_subject(SUBJECTS[kind]),
        body_template="openfactory/email/reservation.txt",
        context={
            "reservation": reservation,
            "slot": slot,
            "programme": programme,
            "exhibitor": programme.exhibitor,
            "area_day": programme.exhibitor.area_day,
            "kind": kind,
            "with_qr": kind in WITH_QR,
            "link": settings.SITE_URL + reservation.get_absolute_url(),
            "programmes_link": settings.SITE_URL
            + reverse(
                "openfactory:programme_list",
                kwargs={"year": programme.exhibitor.area_day.edition.year},
            ),
            "with_calendar": kind != Kind.CANCELLED,
            "calendar_link": settings.SITE_URL
            + reverse("openfactory:reservation_calendar", kwargs={"token": reservation.token}),
            "google_calendar_link": google_link,
            "privacy_link": settings.SITE_URL + "/openfactory/privacy/",
        },
        languages=(language,),
    )
    if kind in WITH_QR:
        message.attach(f"checkin-{reservation.code}.png", qr_png(reservation.code), "image/png")
        # The seats are the visitor's: the event, ready for their calendar app.
        message.attach("openfactory.ics", ics, "text/calendar; charset=utf-8")
    return message


def announcement_message(announcement, reservations: list[Reservation], *, language: str):
    """The secretariat's message to one address, with the reservations it holds there.

    English text is used only when the staff wrote one and the visitor used the English site.
    """
    first = reservations[0]
    english = language == "en" and announcement.has_english
    return compose(
        to=[first.email],
        subject=_subject(announcement.subject_en if english else announcement.subject),
        body_template="openfactory/email/announcement.txt",
        context={
            "announcement": announcement,
            "name": first.name,
            "message": announcement.body_en if english else announcement.body,
            "reservations": [
                {
                    "reservation": r,
                    "slot": r.slot,
                    "programme": r.slot.programme,
                    "company": r.slot.programme.exhibitor.company,
                    "link": settings.SITE_URL + r.get_absolute_url(),
                }
                for r in reservations
            ],
        },
        languages=(language,),
    )


# Recruiting exhibitors: each step's mail, in Japanese and English (company staff and the
# secretariat; the portal does not know their language).
RECRUITMENT_SUBJECTS = {
    "submitted": _("New application to exhibit"),
    "accepted": _("Your application to exhibit has been accepted"),
    "declined": _("About your application to exhibit"),
}


def recruitment_messages(step, *, staff: list[str], owners: list[str]) -> list[EmailMessage]:
    """A new application goes to the secretariat; a decision to the company's owners."""
    application = step.application
    to = staff if step.kind == "submitted" else owners
    if step.kind == "submitted":
        link = settings.SITE_URL + reverse(
            "admin:openfactory_exhibitorapplication_change", args=[application.pk]
        )
    else:
        link = settings.SITE_URL + reverse(
            "openfactory:recruitment_apply", kwargs={"slug": application.company.slug}
        )
    return [
        compose(
            to=[address],
            subject=_subject(RECRUITMENT_SUBJECTS[step.kind]),
            body_template="openfactory/recruitment/email/step.txt",
            context={"step": step, "application": application, "link": link},
        )
        for address in to
    ]
