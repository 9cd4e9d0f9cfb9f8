from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.http import client_ip
from core.tasks import delay_or_run_on_commit

from . import policies


@dataclass(frozen=True)
class PortalSite:
    """What allauth's mail templates call ``current_site``: the portal's name in the reader's
    language and the host of ``SITE_URL`` (the Sites framework's row says example.com)."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=gettext("Ayase portal"), domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render in the request's language, send through Celery once the data is committed
        (by the web process itself while the broker is down: no sweep would send it)."""
        context = {**context, "email": email, "current_site": portal_site()}
        message = self.render_mail(template_prefix, email, context)
        payload = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "alternatives": [list(a) for a in getattr(message, "alternatives", [])],
        }
        from .tasks import send_email

        # The payload holds the address and the mail's links: Celery's logs show neither.
        delay_or_run_on_commit(send_email, payload, argsrepr="(<rendered mail>,)")

    def format_email_subject(self, subject):
        """Every account mail's subject names the committee, in the reader's language."""
        return f"[{gettext('Ayase Innovation Promotion Committee')}] {subject}"

    def get_client_ip(self, request):
        """The address allauth's rate limits count: the client's, behind the balancer too."""
        return client_ip(request) or super().get_client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = DefaultMFAAdapter.error_messages | {
        "cannot_delete_authenticator": _(
            "Staff accounts keep their second factor. If your phone is lost, a superuser "
            "resets it in the administration."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        return policies.may_remove_second_factor(authenticator.user)
