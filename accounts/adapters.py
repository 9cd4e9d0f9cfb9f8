from allauth.account.adapter import DefaultAccountAdapter

from core.tasks import delay_or_run_on_commit


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render in the request's language, send through Celery once the data is committed
        (by the web process itself while the broker is down: no sweep would send it)."""
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
