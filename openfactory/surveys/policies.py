"""Who may do what with the surveys: the one place this package decides it."""

from accounts.roles import is_city_staff, is_company_staff
from accounts.types import AnyUser
from companies.policies import can_edit_company

from ..models import Exhibitor


def can_manage_surveys(user: AnyUser) -> bool:
    """Build surveys, print their posters, read their results: the secretariat."""
    return is_city_staff(user)


def can_preview_survey(user: AnyUser) -> bool:
    """A draft's page is seen by city staff only (to check it before opening it)."""
    return is_city_staff(user)


def can_open_exhibitor_surveys(user: AnyUser) -> bool:
    """Whether to offer the exhibitors' surveys at all (each exhibit is checked on its own)."""
    return is_city_staff(user) or is_company_staff(user)


def can_answer_for_exhibit(user: AnyUser, exhibitor: Exhibitor) -> bool:
    """The exhibiting company's owners and editors; city staff too (an answer given by phone)."""
    return can_edit_company(user, exhibitor.company)
