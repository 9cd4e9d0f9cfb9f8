"""Who may see and change what of a company and its posts: the one place the app decides it.

Views, templates (through flags the views pass), feeds, the sitemap and the rendition view
all ask these functions or the querysets built on them (``Post.objects.visible_to``).
"""

from accounts.roles import is_city_staff
from accounts.types import AnyUser

from .models import Company, Membership
from .selectors import company_ids_for_user


def company_role(user: AnyUser, company: Company) -> str | None:
    return company_ids_for_user(user).get(company.pk)


def can_view_company(user: AnyUser, company: Company) -> bool:
    return company.is_listed or can_edit_company(user, company)


def can_edit_company(user: AnyUser, company: Company) -> bool:
    """The company's staff (owners and editors) and city staff: they post for it."""
    return is_city_staff(user) or company_role(user, company) is not None


def can_post(user: AnyUser, company: Company) -> bool:
    return can_edit_company(user, company)


def can_edit_profile(user: AnyUser, company: Company) -> bool:
    """Owners keep the profile; editors post only."""
    return is_city_staff(user) or company_role(user, company) == Membership.Role.OWNER


def can_manage_members(user: AnyUser, company: Company) -> bool:
    return is_city_staff(user) or company_role(user, company) == Membership.Role.OWNER


def can_invite(user: AnyUser, company: Company) -> bool:
    """City staff invite anyone to a company; its owners invite their own staff."""
    return is_city_staff(user) or company_role(user, company) == Membership.Role.OWNER


def invitable_roles(user: AnyUser, company: Company) -> list[str]:
    """The roles ``user`` may invite someone to: an owner invites editors (a new owner is
    the secretariat's to make, as it checks who speaks for the company); city staff, both."""
    if is_city_staff(user):
        return [Membership.Role.OWNER, Membership.Role.EDITOR]
    if company_role(user, company) == Membership.Role.OWNER:
        return [Membership.Role.EDITOR]
    return []


def can_see_invitation(user: AnyUser, company: Company, role: str) -> bool:
    """An invitation's page shows its link: an owner sees those of the roles they may invite
    (not the link of an owner's invitation, which would make whoever holds it an owner)."""
    return role in invitable_roles(user, company)


def can_view_audit(user: AnyUser, company: Company) -> bool:
    return can_manage_members(user, company)


def can_moderate(user: AnyUser) -> bool:
    """Unpublishing, and putting an unpublished post back online, are city staff's alone."""
    return is_city_staff(user)


def can_request_review(user: AnyUser, company: Company) -> bool:
    """The company's own staff ask city staff to look again at a post they unpublished."""
    return company_role(user, company) is not None


def can_view_dashboard(user: AnyUser) -> bool:
    return is_city_staff(user)


def editable_company_ids(user: AnyUser) -> set[int] | None:
    """Ids of the companies whose posts the user may edit; None means every company."""
    return Membership.objects.editable_company_ids(user)


def is_company_staff(user: AnyUser) -> bool:
    """A member (owner or editor) of at least one company; ``accounts.roles`` asks this
    through the role check that the companies app registers in ``CompaniesConfig.ready``."""
    return bool(company_ids_for_user(user))
