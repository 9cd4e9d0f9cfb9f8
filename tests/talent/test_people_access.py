"""Every page of the people programmes, every role: who reads it, who is sent to log in, who
gets a 404 (another company's data does not say it exists) or a 403 (city staff's pages)."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

STAFF = {"staff", "superuser"}
COMPANY = {"editor", "owner", *STAFF}


def company_pages(p, slug):
    return {
        "hires": reverse("talent:hire_list", kwargs={"company": slug}),
        "hire": reverse("talent:hire_detail", kwargs={"company": slug, "pk": p["hire"].pk}),
        "hire print": reverse("talent:hire_print", kwargs={"company": slug, "pk": p["hire"].pk}),
        "hire delete": reverse("talent:hire_delete", kwargs={"company": slug, "pk": p["hire"].pk}),
        "registrations": reverse("talent:registration_list", kwargs={"company": slug}),
        "register": reverse(
            "talent:registration_create", kwargs={"company": slug, "event": p["event"].pk}
        ),
        "registration": reverse(
            "talent:registration_edit", kwargs={"company": slug, "pk": p["registration"].pk}
        ),
        "registration delete": reverse(
            "talent:registration_delete", kwargs={"company": slug, "pk": p["registration"].pk}
        ),
        "dormitories": reverse("talent:dormitory_requests", kwargs={"company": slug}),
    }


def staff_pages(p):
    event = p["event"].pk
    return {
        "people": reverse("talent:staff_people"),
        "event": reverse("talent:staff_event", kwargs={"pk": event}),
        "event print": reverse("talent:staff_event_print", kwargs={"pk": event}),
        "badges": reverse("talent:staff_event_badges", kwargs={"pk": event}),
        "attendance": reverse("talent:staff_attendance", kwargs={"pk": event}),
        "dormitory requests": reverse("talent:staff_dormitory_list"),
        "dormitory request": reverse(
            "talent:staff_dormitory_detail", kwargs={"pk": p["request"].pk}
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_guidance_and_privacy_are_public(client_for_role, role, people):
    client = client_for_role(role)
    for path in (
        reverse("talent:index"),
        reverse("talent:privacy"),
        reverse("talent:guidance_list"),
        people["page"].get_absolute_url(),
    ):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("role", ROLES)
def test_a_companys_pages_are_its_staffs_and_city_staffs(client_for_role, role, people, company):
    client = client_for_role(role)
    for name, path in company_pages(people, company.slug).items():
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url, name
        elif role in COMPANY:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 404, name


def test_another_companys_owner_gets_404_on_every_page_of_company_a(
    client, other_owner, people, company
):
    client.force_login(other_owner)
    for name, path in company_pages(people, company.slug).items():
        assert client.get(path).status_code == 404, name


def test_company_a_cannot_reach_company_bs_objects_through_its_own_address(
    client, owner, people, company
):
    """Company B's hire and registration under company A's slug: not found."""
    client.force_login(owner)
    slug = company.slug
    for path in (
        reverse("talent:hire_detail", kwargs={"company": slug, "pk": people["other_hire"].pk}),
        reverse("talent:hire_print", kwargs={"company": slug, "pk": people["other_hire"].pk}),
        reverse(
            "talent:registration_edit",
            kwargs={"company": slug, "pk": people["other_registration"].pk},
        ),
    ):
        assert client.get(path).status_code == 404, path
    response = client.post(
        reverse("talent:hire_delete", kwargs={"company": slug, "pk": people["other_hire"].pk})
    )
    assert response.status_code == 404
    assert people["other_hire"].__class__.objects.filter(pk=people["other_hire"].pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_are_city_staffs(client_for_role, role, people):
    client = client_for_role(role)
    for name, path in staff_pages(people).items():
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url, name
        elif role in STAFF:
            assert response.status_code == 200, name
        else:
            assert response.status_code == 403, name


def test_the_company_list_shows_only_the_users_companies(client, owner, company, other_company):
    client.force_login(owner)
    page = client.get(reverse("talent:people_companies")).content.decode()
    assert company.name in page
    assert other_company.name not in page


def test_a_committee_member_sees_no_company(client, member, company):
    client.force_login(member)
    page = client.get(reverse("talent:people_companies")).content.decode()
    assert company.name not in page


def test_a_registration_list_shows_only_the_companys_own_hires(client, owner, people):
    client.force_login(owner)
    slug = people["hire"].company.slug
    page = client.get(reverse("talent:registration_list", kwargs={"company": slug}))
    text = page.content.decode()
    assert people["registration"].name in text
    assert people["other_registration"].name not in text
    hires = client.get(reverse("talent:hire_list", kwargs={"company": slug})).content.decode()
    assert "N.T." in hires and "B.B." not in hires
    dorms = client.get(reverse("talent:dormitory_requests", kwargs={"company": slug}))
    assert people["request"].for_whom in dorms.content.decode()
    assert people["other_request"].for_whom not in dorms.content.decode()
