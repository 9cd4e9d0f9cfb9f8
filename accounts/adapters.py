from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render in the request's language, send through Celery once the data is committed."""
        message = self.render_mail(template_prefix, email, context)
        payload = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "alternatives": [list(a) for a in getattr(message, "alternatives", [])],
        }
        from .tasks import send_email

        transaction.on_commit(lambda: send_email.delay(payload))

    def get_client_ip(self, request):
        """The address allauth's rate limits count: the client's, behind the balancer too."""
        return client_ip(request) or super().get_client_ip(request)
