"""The invitation mail: the work of the ``send_invitation_mail`` task.

Apart from ``services`` (which queues the task) so that the task imports the work it runs
without an import cycle.
"""

from django.db import transaction
from django.utils import timezone

from core.mail import compose

from .models import Invitation


@transaction.atomic
def invitation_mail_send(*, invitation_id: int) -> bool:
    """Send the invitation mail once; False when there is nothing (more) to send.

    The row lock and ``mail_sent_at`` make a task that runs twice send one mail; if sending
    fails the transaction rolls back and a retry sends it.
    """
    from django.conf import settings

    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("company")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.mail_sent_at or not invitation.is_usable:
        return False
    context = {
        "invitation": invitation,
        "accept_url": settings.SITE_URL + invitation.get_absolute_url(),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    # Invitees include foreign staff: one mail carries the Japanese and the English text.
    message = compose(
        to=[invitation.email],
        subject="accounts/email/invitation_subject.txt",
        body_template="accounts/email/invitation_body.txt",
        context=context,
    )
    message.send()
    invitation.mail_sent_at = timezone.now()
    invitation.save(update_fields=["mail_sent_at"])
    return True
