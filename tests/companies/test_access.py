"""Every role on every page of the companies app and Smart Navi."""

import pytest

from tests.companies.factories import PostFactory, add_photos
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

EVERYONE = set(ROLES)
STAFF = {"staff", "superuser"}
COMPANY_STAFF = {"editor", "owner", *STAFF}
OWNERS = {"owner", *STAFF}
LOGGED_IN = EVERYONE - {"anonymous"}


@pytest.fixture
def pages(company, staff):
    from accounts.services import invitation_create

    published = PostFactory(company=company, title="公開記事")
    published_photo = add_photos(published, 1)[0]
    draft = PostFactory(company=company, status="draft", publish_at=None, title="下書き")
    draft_photo = add_photos(draft, 1)[0]
    invitation = invitation_create(
        email="qr@example.jp",
        kind="company_staff",
        company=company,
        company_role="editor",
        invited_by=staff,
    )
    slug = company.slug
    return {
        "/companies/": EVERYONE,
        "/companies/?industry=metal&area=yoshioka&posted_recently=on&open_factory=on&q=x": EVERYONE,
        "/companies/posts/": EVERYONE,
        "/companies/posts/feed/": EVERYONE,
        f"/companies/{slug}/": EVERYONE,
        f"/companies/{slug}/posts/": EVERYONE,
        f"/companies/{slug}/posts/feed/": EVERYONE,
        published.get_absolute_url(): EVERYONE,
        published_photo.rendition_url("card", "webp"): EVERYONE,
        draft.get_absolute_url(): COMPANY_STAFF,
        draft_photo.rendition_url("card", "webp"): COMPANY_STAFF,
        f"/companies/{slug}/posts/{draft.pk}/edit/": COMPANY_STAFF,
        f"/companies/{slug}/posts/{published.pk}/edit/": COMPANY_STAFF,
        f"/companies/{slug}/posts/new/": COMPANY_STAFF,
        f"/companies/{slug}/posts/manage/": COMPANY_STAFF,
        f"/companies/{slug}/edit/": OWNERS,
        f"/companies/{slug}/members/": OWNERS,
        f"/companies/{slug}/audit/": OWNERS,
        # An editor's invitation: the owners who may invite editors see it too.
        f"/companies/{slug}/invitations/{invitation.pk}/": OWNERS,
        f"/companies/{slug}/invitations/{invitation.pk}/qr.svg": OWNERS,
        "/companies/mine/": LOGGED_IN,
        "/companies/dashboard/": STAFF,
    }


# Pages that need a login send anonymous visitors to it; public ones answer 404.
LOGIN_PAGES = ("/edit/", "/new/", "/manage/", "/members/", "/audit/", "/invitations/", "/mine/")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_page(client_for_role, role, pages):
    client = client_for_role(role)
    for url, allowed in pages.items():
        response = client.get(url)
        if role in allowed:
            assert response.status_code == 200, (role, url)
        elif role == "anonymous" and (
            any(part in url for part in LOGIN_PAGES) or url.endswith("/dashboard/")
        ):
            assert response.status_code == 302, (role, url)
            assert response.url.startswith("/accounts/login/")
        else:
            assert response.status_code == 404, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_the_company_page_shows_tools_to_the_right_roles(client_for_role, role, company):
    body = client_for_role(role).get(company.get_absolute_url()).content.decode()
    assert (f"/companies/{company.slug}/posts/new/" in body) == (role in COMPANY_STAFF)
    assert (f"/companies/{company.slug}/edit/" in body) == (role in OWNERS)
    assert (f"/companies/{company.slug}/members/" in body) == (role in OWNERS)


@pytest.mark.parametrize("role", ROLES)
def test_the_my_companies_link_is_for_company_staff(client_for_role, role):
    body = client_for_role(role).get("/").content.decode()
    assert ('href="/companies/mine/"' in body) == (role in {"editor", "owner"})
