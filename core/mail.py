"""Building the portal's mails: in one language, or in Japanese and English one after another."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

SEPARATOR = "\n\n" + "-" * 40 + "\n\n"
BILINGUAL = ("ja", "en")


def compose(
    *,
    to: list[str],
    subject,
    body_template: str,
    context: dict,
    languages: tuple[str, ...] = BILINGUAL,
) -> EmailMessage:
    """One mail whose body is ``body_template`` rendered in each of ``languages`` in turn.

    ``subject`` is a template name (``….txt``) or a (lazy) string, either given in the first
    language. Mails to people whose language the portal does not know (invitations, reminders
    to company staff) go in both: foreign staff read the English half. One address per mail,
    so that no one sees the others'.
    """
    parts = []
    for language in languages:
        with translation.override(language):
            parts.append(render_to_string(body_template, context))
    with translation.override(languages[0]):
        if isinstance(subject, str) and subject.endswith(".txt"):
            subject = render_to_string(subject, context)
        subject = " ".join(str(subject).split())
    return EmailMessage(
        subject=subject,
        body=SEPARATOR.join(parts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
