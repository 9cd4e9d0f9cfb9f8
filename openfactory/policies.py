"""Who may do what in the open factory: the one place this app decides it.

Editions, areas and days are city staff's; a company's staff run their own programmes and
reception, and see personal data of their own visitors only.
"""

from accounts.roles import is_city_staff
from companies.policies import can_edit_company


def can_manage_editions(user) -> bool:
    return is_city_staff(user)


def can_manage_programmes(user, company) -> bool:
    return can_edit_company(user, company)


def can_see_visitors_of(user, company) -> bool:
    return can_edit_company(user, company)
