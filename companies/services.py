from django.db import transaction

from .models import Company, Membership


@transaction.atomic
def membership_grant(*, user, company: Company, role: str) -> Membership:
    """Make ``user`` a member of ``company``; an existing membership takes the new role."""
    membership, created = Membership.objects.get_or_create(
        user=user, company=company, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    user.__dict__.pop("_company_roles", None)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    """Removing a member takes effect at once: roles are read from the database per request."""
    membership.delete()
