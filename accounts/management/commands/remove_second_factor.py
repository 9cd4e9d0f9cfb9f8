from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import second_factor_remove


class Command(BaseCommand):
    """For the one case the admin cannot help: the last superuser lost phone and codes."""

    help = (
        "Remove a person's authenticator app and recovery codes (a lost phone). Staff set up a "
        "new app at their next login. If the phone may be in someone else's hands, also set a "
        "new password: that ends the person's sessions."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the address the person logs in with")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account logs in with {email}.")
        removed = second_factor_remove(user=user)
        if not removed:
            self.stdout.write(f"{user.email} has no second factor; nothing removed.")
            return
        self.stdout.write(self.style.SUCCESS(f"Removed the second factor of {user.email}."))
