from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Committee and minutes")

    def ready(self):
        from accounts import signals

        from . import receivers

        signals.invitation_accepted.connect(
            receivers.link_invited_member, dispatch_uid="meetings.link_invited_member"
        )
