"""Who may do what in the open factory: the one place this app decides it.

Editions, areas and days are city staff's; a company's staff run their own programmes and
reception, and see personal data of their own visitors only.
"""

from collections.abc import Iterable

from django.db.models import Q

from accounts.models import User
from accounts.roles import is_city_staff, is_company_staff
from accounts.types import AnyUser
from companies.models import Company, Membership
from companies.policies import can_edit_company, company_role


def can_manage_editions(user: AnyUser) -> bool:
    return is_city_staff(user)


def can_manage_programmes(user: AnyUser, company: Company) -> bool:
    """Owners and editors of the exhibiting company, and city staff."""
    return can_edit_company(user, company)


def can_move_reserved_slots(user: AnyUser) -> bool:
    """Visitors were mailed a slot's time: only the secretariat moves it, and mails them."""
    return is_city_staff(user)


def can_send_announcements(user: AnyUser) -> bool:
    """Mail everyone holding a reservation in a slot or on a day: the secretariat only."""
    return is_city_staff(user)


def can_see_visitors_of(user: AnyUser, company: Company) -> bool:
    return can_edit_company(user, company)


def can_run_reception(user: AnyUser, company: Company) -> bool:
    """The company's own staff and city staff check visitors in and count walk-ins."""
    return can_edit_company(user, company)


def can_see_no_show_history(user: AnyUser) -> bool:
    """A visitor's no-shows at other companies are for the secretariat only."""
    return is_city_staff(user)


def can_correct_reception(user: AnyUser) -> bool:
    """Reception counts on the area day only; on another day city staff correct the figures
    (each correction in the admin's history)."""
    return is_city_staff(user)


def can_see_statistics_dashboard(user: AnyUser) -> bool:
    return is_city_staff(user)


def can_export_reservations(user: AnyUser) -> bool:
    return is_city_staff(user)


def can_open_reception(user: AnyUser) -> bool:
    """Whether to offer the reception pages at all (each page checks its company)."""
    return is_city_staff(user) or is_company_staff(user)


def can_open_programme_management(user: AnyUser) -> bool:
    """Whether to offer the programme pages at all (each page checks its company)."""
    return is_city_staff(user) or is_company_staff(user)


def own_reservations_q(user: AnyUser | None, remembered_ids: Iterable[int] = ()) -> Q:
    """The reservations the person at this browser has shown to be theirs.

    Typing an address proves nothing (anyone can type a neighbour's), so only these are ever
    named to a visitor (overlap warnings, the exact reason of a refusal): those made in this
    browser or opened there with the mailed link (their ids are remembered in the session),
    and, when signed in, the account's own (made while signed in, or to its verified address,
    as "my reservations" lists them).
    """
    ids = [pk for pk in remembered_ids if isinstance(pk, int)]
    own = Q(pk__in=ids)
    if isinstance(user, User):  # signed in
        own |= Q(user=user)
        if user.email:
            own |= Q(email__iexact=user.email)
    return own


# Recruiting exhibitors (models/recruitment.py).


def can_read_exhibitor_call(user: AnyUser, company: Company) -> bool:
    """The call's full text and its manual: the company's staff (owners and editors) and
    city staff; the public sees the call's text on the edition page, never the manual."""
    return can_edit_company(user, company)


def can_download_exhibitor_manual(user: AnyUser) -> bool:
    return is_city_staff(user) or is_company_staff(user)


def can_apply_to_exhibit(user: AnyUser, company: Company) -> bool:
    """Applying commits the company to the open day: its owners only (editors post only)."""
    return company_role(user, company) == Membership.Role.OWNER


def can_review_applications(user: AnyUser) -> bool:
    return is_city_staff(user)


def can_draw_prizes(user: AnyUser) -> bool:
    """The stamp rally's prize draw is the secretariat's, as the lottery's settings are."""
    return is_city_staff(user)
