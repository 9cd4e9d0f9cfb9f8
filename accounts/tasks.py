from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_mail(invitation_id: int) -> bool:
    from .mails import invitation_mail_send

    return invitation_mail_send(invitation_id=invitation_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(message: dict) -> None:
    """Send a message already rendered in the request (allauth's login and reset mails)."""
    from django.core.mail import EmailMultiAlternatives

    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
    )
    for content, mimetype in message.get("alternatives", []):
        email.attach_alternative(content, mimetype)
    email.send()
