"""Workflows that change companies, their staff and their posts."""

from django.db import transaction
from django.utils.translation import gettext as _

from .images import CleanImage, as_file, resized
from .models import AuditEntry, Company, Membership

LOGO_SIZE = 512


class CompanyError(Exception):
    """A change to a company or its staff cannot be made; the message is for the user."""


def audit(*, company: Company, actor, action: str, subject: str = "", detail: str = "") -> None:
    AuditEntry.objects.create(
        company=company,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject=subject[:300],
        detail=detail,
    )


@transaction.atomic
def company_profile_update(
    *,
    company: Company,
    actor,
    data: dict,
    logo: CleanImage | None = None,
    remove_logo: bool = False,
) -> Company:
    changed = [name for name, value in data.items() if getattr(company, name) != value]
    for name, value in data.items():
        setattr(company, name, value)
    old_logo = company.logo.name if company.logo else ""
    if logo is not None:
        company.logo.save(
            "logo.png", as_file(resized(logo.image, LOGO_SIZE), "PNG", "logo.png"), save=False
        )
        changed.append("logo")
    elif remove_logo and old_logo:
        company.logo = ""
        changed.append("logo")
    company.full_clean(exclude=["logo"])
    company.save()
    if old_logo and (logo is not None or remove_logo):
        storage = company.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    if changed:
        labels = [str(Company._meta.get_field(name).verbose_name) for name in changed]
        audit(
            company=company,
            actor=actor,
            action=AuditEntry.Action.PROFILE_CHANGED,
            subject=company.name,
            detail=", ".join(labels),
        )
    return company


@transaction.atomic
def membership_grant(*, user, company: Company, role: str, actor=None) -> Membership:
    """Make ``user`` a member of ``company``; an existing membership takes the new role."""
    membership, created = Membership.objects.get_or_create(
        user=user, company=company, defaults={"role": role}
    )
    if created:
        audit(
            company=company,
            actor=actor or user,
            action=AuditEntry.Action.MEMBER_ADDED,
            subject=str(user),
            detail=membership.get_role_display(),
        )
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        audit(
            company=company,
            actor=actor or user,
            action=AuditEntry.Action.ROLE_CHANGED,
            subject=str(user),
            detail=membership.get_role_display(),
        )
    user.__dict__.pop("_company_roles", None)
    return membership


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.filter(company_id=membership.company_id, role=Membership.Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor) -> Membership:
    if role not in Membership.Role.values:
        raise CompanyError(_("Choose owner or editor."))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.OWNER and not _other_owners(membership):
        raise CompanyError(
            _("%(name)s is the only owner: make someone else owner first.")
            % {"name": membership.user}
        )
    membership.role = role
    membership.save(update_fields=["role"])
    audit(
        company=membership.company,
        actor=actor,
        action=AuditEntry.Action.ROLE_CHANGED,
        subject=str(membership.user),
        detail=membership.get_role_display(),
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor=None, allow_last_owner=True) -> None:
    """Removing a member takes effect at once: roles are read from the database per request."""
    if (
        not allow_last_owner
        and membership.role == Membership.Role.OWNER
        and not _other_owners(membership)
    ):
        raise CompanyError(
            _("%(name)s is the only owner: make someone else owner first.")
            % {"name": membership.user}
        )
    company, user = membership.company, membership.user
    membership.delete()
    audit(
        company=company,
        actor=actor,
        action=AuditEntry.Action.MEMBER_REMOVED,
        subject=str(user),
    )
