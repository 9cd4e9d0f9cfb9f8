"""Who may see and change what of a company: the one place the companies app decides it."""

from accounts.roles import is_city_staff

from .models import Company, Membership
from .selectors import company_ids_for_user


def company_role(user, company: Company) -> str | None:
    return company_ids_for_user(user).get(company.pk)


def can_view_company(user, company: Company) -> bool:
    return company.is_listed or can_edit_company(user, company)


def can_edit_company(user, company: Company) -> bool:
    """Owners and editors post and keep the profile; city staff may do everything."""
    return is_city_staff(user) or company_role(user, company) is not None


def can_manage_members(user, company: Company) -> bool:
    return is_city_staff(user) or company_role(user, company) == Membership.Role.OWNER
