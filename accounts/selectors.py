"""Read queries about accounts."""

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet

from .models import User


def accounts_with_email(email: str) -> QuerySet[User]:
    """Accounts that an address leads to: their own address or one recorded by allauth."""
    return User.objects.filter(
        Q(email__iexact=email)
        | Q(pk__in=EmailAddress.objects.filter(email__iexact=email).values("user_id"))
    )


def email_belongs_to_another_account(email: str, *, user: User) -> bool:
    return accounts_with_email(email).exclude(pk=user.pk).exists()
