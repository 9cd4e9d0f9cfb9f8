"""Every role on every page that exists: who gets the page, who is sent to log in, who not."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.companies.factories import CompanyFactory
from tests.conftest import ADMIN, ROLES

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/meetings/",
    "/openfactory/",
    "/companies/",
    "/talent/",
    "/healthz",
    "/accounts/password/reset/",
]
STAFF = {"staff", "superuser"}
# Rights and sites are a superuser's business; city staff run everything else.
# Second factors too: a superuser resets a lost one (accounts.admin.SecondFactorAdmin).
SUPERUSER_ONLY = {
    f"{ADMIN}auth/group/",
    f"{ADMIN}auth/group/add/",
    f"{ADMIN}sites/site/add/",
    f"{ADMIN}accounts/secondfactor/",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_answer_everyone(client_for_role, role, path):
    assert client_for_role(role).get(path).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_a_listed_company_page_answers_everyone(client_for_role, role, company):
    assert client_for_role(role).get(company.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_an_unlisted_company_is_seen_by_its_staff_and_city_staff_only(
    client_for_role, role, company
):
    company.is_listed = False
    company.save()
    expected = 200 if role in {"editor", "owner", *STAFF} else 404
    assert client_for_role(role).get(company.get_absolute_url()).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_another_companys_staff_do_not_see_an_unlisted_company(client_for_role, role, company):
    other = CompanyFactory(is_listed=False)
    expected = 200 if role in STAFF else 404
    assert client_for_role(role).get(other.get_absolute_url()).status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_login_and_signup_pages(client_for_role, role, path):
    response = client_for_role(role).get(path)
    if role == "anonymous":
        assert response.status_code == 200
    else:
        # Someone already logged in is sent on instead of being asked again.
        assert response.status_code == 302


def admin_paths():
    paths = [ADMIN]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        paths.append(reverse("admin:{}_{}_changelist".format(*info)))
        # An admin that decides on adding by itself (one committee, no calendar links made by
        # staff) has its own test; every other one has an add page.
        if type(model_admin).has_add_permission is admin.ModelAdmin.has_add_permission:
            paths.append(reverse("admin:{}_{}_add".format(*info)))
    return paths


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", admin_paths())
def test_the_admin_is_for_city_staff_only(client_for_role, role, path):
    response = client_for_role(role).get(path)
    if role == "staff" and path in SUPERUSER_ONLY:
        assert response.status_code == 403
    elif role in STAFF:
        assert response.status_code == 200, path
    else:
        assert response.status_code == 302
        assert response.url.startswith(f"{ADMIN}login/")
        if role != "anonymous":
            # The admin's login page tells a logged-in person without the right so.
            page = client_for_role(role).get(response.url)
            assert "アクセス許可がありません" in page.content.decode()


@pytest.mark.parametrize("role", ["visitor", "editor", "owner", "member"])
def test_the_admin_link_is_shown_to_city_staff_only(client_for_role, role, staff, client):
    assert ADMIN not in client_for_role(role).get("/").content.decode()
    client.force_login(staff)
    assert f'href="{ADMIN}"' in client.get("/").content.decode()
