from allauth.account.models import EmailAddress
from django.contrib.auth.management.commands import createsuperuser

from accounts.models import User
from accounts.services import user_email_mark_verified


class Command(createsuperuser.Command):
    """Django's createsuperuser; the new superuser's address counts as verified.

    Otherwise allauth's mandatory email verification would hold the first administrator
    at the login page until a mail arrives.
    """

    def handle(self, *args, **options):
        super().handle(*args, **options)
        verified = EmailAddress.objects.filter(verified=True).values("user_id")
        for user in User.objects.filter(is_superuser=True).exclude(pk__in=verified):
            user_email_mark_verified(user=user)
