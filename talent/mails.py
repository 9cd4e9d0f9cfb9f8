"""The mails of the talent app: each change of an application's status, and the reminder a
week before a scheme's deadline. Companies read them in the language they applied in; city
staff in Japanese."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.mail import compose

from .models import Application, Transition
from .models.applications import Status

SUBJECTS = {
    Status.SUBMITTED: _("An application has been submitted"),
    Status.IN_REVIEW: _("Your application is in review"),
    Status.RETURNED: _("Your application has been returned for changes"),
    Status.APPROVED: _("Your application has been approved"),
    Status.REJECTED: _("Your application has not been approved"),
}


def _subject(title):
    return format_lazy("[{}] {}", _("Ayase talent support"), title)


def transition_messages(
    transition: Transition, *, staff: list[str], owners: list[str]
) -> list[EmailMessage]:
    """A submission goes to city staff; every other step to the company's owners."""
    application = transition.application
    to_staff = transition.to_status == Status.SUBMITTED
    link = settings.SITE_URL + (
        application.get_review_url() if to_staff else application.get_absolute_url()
    )
    language = "ja" if to_staff else (application.language or settings.LANGUAGE_CODE)
    return [
        compose(
            to=[address],
            subject=_subject(SUBJECTS[transition.to_status]),
            body_template="talent/email/transition.txt",
            context={
                "application": application,
                "transition": transition,
                "to_staff": to_staff,
                "link": link,
            },
            languages=(language,),
        )
        for address in (staff if to_staff else owners)
    ]


def reminder_messages(application: Application, addresses: list[str]) -> list[EmailMessage]:
    language = application.language or settings.LANGUAGE_CODE
    return [
        compose(
            to=[address],
            subject=_subject(_("One week left: your draft application")),
            body_template="talent/email/deadline_reminder.txt",
            context={
                "application": application,
                "link": settings.SITE_URL + application.get_absolute_url(),
            },
            languages=(language,),
        )
        for address in addresses
    ]
