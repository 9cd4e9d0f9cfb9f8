"""Who may do what with talent-support schemes: the one place this app decides it.

A company's owners and editors draft its applications and read them; only an owner submits
(the issue: "a company's owner applies"; an editor prepares the paperwork). City staff read
and review every application but never write one on a company's behalf, so that nobody
reviews an application they wrote. Committee members read the reports only.
"""

from accounts.roles import is_city_staff, is_committee_member
from accounts.types import AnyUser
from companies.models import Company, Membership
from companies.policies import can_edit_company, company_role

from .models import Application


def can_apply_for(user: AnyUser, company: Company) -> bool:
    """Start or edit a draft for the company: its owners and editors."""
    return company_role(user, company) is not None


def can_submit_for(user: AnyUser, company: Company) -> bool:
    return company_role(user, company) == Membership.Role.OWNER


def can_view_application(user: AnyUser, application: Application) -> bool:
    return is_city_staff(user) or company_role(user, application.company) is not None


def can_edit_application(user: AnyUser, application: Application) -> bool:
    return application.is_editable and can_apply_for(user, application.company)


def can_submit_application(user: AnyUser, application: Application) -> bool:
    return application.is_editable and can_submit_for(user, application.company)


def can_review_applications(user: AnyUser) -> bool:
    return is_city_staff(user)


def can_review(user: AnyUser, application: Application) -> bool:
    """City staff, but never for a company they are a member of."""
    return is_city_staff(user) and company_role(user, application.company) is None


def can_view_reports(user: AnyUser) -> bool:
    return is_city_staff(user) or is_committee_member(user)


def can_view_dashboard(user: AnyUser) -> bool:
    return is_city_staff(user)


# --- People: hires from abroad, the joint ceremony, dormitories (one company's data each) ---


def can_work_for(user: AnyUser, company: Company) -> bool:
    """The company's owners and editors, and city staff: they keep its hires' checklists,
    register its new hires for the ceremony and ask for dormitory places. Committee members
    see none of it (unless they are the company's staff too)."""
    return can_edit_company(user, company)


def can_run_people_programmes(user: AnyUser) -> bool:
    """Ceremony lists, badges and attendance; dormitory allocations; the people dashboard."""
    return is_city_staff(user)
