"""What the accounts app announces to the apps above it, which it never imports."""

from django.dispatch import Signal

# An invitation was accepted by ``user`` (sent with ``invitation`` and ``user`` inside the
# accepting transaction, before ``accepted_at`` is saved). The companies app receives it to
# grant the membership of a company-staff invitation.
invitation_accepted = Signal()
