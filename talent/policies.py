"""Who may do what with talent-support schemes: the one place this app decides it.

Companies apply through their staff; city staff review every application.
"""

from accounts.roles import is_city_staff
from accounts.types import AnyUser
from companies.models import Company
from companies.policies import can_edit_company


def can_apply_for(user: AnyUser, company: Company) -> bool:
    return can_edit_company(user, company)


def can_review_applications(user: AnyUser) -> bool:
    return is_city_staff(user)
