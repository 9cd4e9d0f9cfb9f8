"""Every role against every permission helper of every app."""

import pytest

from accounts.roles import Role, roles_of
from companies import policies as company_policies
from meetings import policies as meeting_policies
from openfactory import policies as openfactory_policies
from talent import policies as talent_policies
from tests.companies.factories import CompanyFactory, MembershipFactory
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

EXPECTED_ROLES = {
    "anonymous": {Role.VISITOR},
    "visitor": {Role.VISITOR},
    "editor": {Role.VISITOR, Role.COMPANY_STAFF},
    "owner": {Role.VISITOR, Role.COMPANY_STAFF},
    "member": {Role.VISITOR, Role.COMMITTEE_MEMBER},
    "staff": {Role.VISITOR, Role.CITY_STAFF},
    "superuser": {Role.VISITOR, Role.CITY_STAFF, Role.SUPERUSER},
}


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def who(request, role):
    return request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_roles_of_each_user(request, role):
    assert roles_of(who(request, role)) == EXPECTED_ROLES[role]


@pytest.mark.parametrize("role", ROLES)
def test_company_policies(request, role, company):
    user = who(request, role)
    other = CompanyFactory()
    staff = role in {"staff", "superuser"}
    assert company_policies.can_edit_company(user, company) == (
        staff or role in {"editor", "owner"}
    )
    assert company_policies.can_manage_members(user, company) == (staff or role == "owner")
    assert company_policies.can_edit_company(user, other) == staff
    assert company_policies.can_manage_members(user, other) == staff
    assert openfactory_policies.can_manage_programmes(user, company) == (
        staff or role in {"editor", "owner"}
    )
    assert openfactory_policies.can_see_visitors_of(user, other) == staff
    # A company's own staff apply, owners submit; city staff review and never apply for one.
    assert talent_policies.can_apply_for(user, company) == (role in {"editor", "owner"})
    assert talent_policies.can_submit_for(user, company) == (role == "owner")
    assert not talent_policies.can_apply_for(user, other)


@pytest.mark.parametrize("role", ROLES)
def test_city_staff_policies(request, role):
    user = who(request, role)
    staff = role in {"staff", "superuser"}
    assert openfactory_policies.can_manage_editions(user) == staff
    assert talent_policies.can_review_applications(user) == staff
    assert meeting_policies.can_view_drafts(user) == staff
    assert meeting_policies.can_view_members_only(user) == (staff or role == "member")


def test_a_removed_member_loses_the_role_at_once(client, company):
    from companies.services import membership_revoke

    membership = MembershipFactory(company=company, role="owner")
    user = membership.user
    company.is_listed = False
    company.save()
    client.force_login(user)
    assert client.get(company.get_absolute_url()).status_code == 200
    membership_revoke(membership=membership)
    assert client.get(company.get_absolute_url()).status_code == 404


def test_an_inactive_user_has_no_role(staff, editor, company):
    for user in (staff, editor):
        user.is_active = False
        user.save()
        assert roles_of(user) == {Role.VISITOR}
