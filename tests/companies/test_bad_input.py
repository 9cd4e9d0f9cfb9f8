"""Hostile input on the companies' pages: a NUL byte (which PostgreSQL refuses in text) or a
malformed value in any path, query string or filter is a 404 or a message, never a 500."""

import pytest

from companies.models import Photo
from tests.companies.factories import PostFactory, add_photos

pytestmark = pytest.mark.django_db

NUL = "\x00"
HOSTILE = [NUL, f"tag{NUL}", f"{NUL}' OR 1=1 --", "x" * 5000]


def assert_not_500(response):
    assert response.status_code in (200, 302, 400, 404), response.status_code


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "param", ["company", "tag", "category", "page", "before"], ids=lambda p: f"posts?{p}"
)
def test_the_timeline_filters_answer_hostile_values_without_a_500(client, company, param, value):
    PostFactory(company=company)
    response = client.get("/companies/posts/", {param: value})
    assert_not_500(response)


@pytest.mark.parametrize("param", ["company", "tag"])
def test_a_nul_byte_in_a_timeline_filter_is_a_404(client, company, param):
    PostFactory(company=company)
    assert client.get("/companies/posts/", {param: f"a{NUL}b"}).status_code == 404


def test_the_timeline_filters_still_work(client, company):
    from companies.models import Tag

    post = PostFactory(company=company, title="溶接の記事")
    post.tags.add(Tag.objects.create(name="溶接"))
    PostFactory(title="別の記事")
    page = client.get("/companies/posts/", {"tag": "溶接"}).content.decode()
    assert "溶接の記事" in page and "別の記事" not in page
    page = client.get("/companies/posts/", {"company": company.slug}).content.decode()
    assert "溶接の記事" in page and "別の記事" not in page
    # A company that does not exist (or a tag nobody used) filters to nothing, as before.
    assert client.get("/companies/posts/", {"company": "no-such-company"}).status_code == 200


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["q", "industry", "area", "posted_recently", "open_factory"])
def test_the_directory_filters_answer_hostile_values_without_a_500(client, company, param, value):
    assert_not_500(client.get("/companies/", {param: value}))


@pytest.mark.parametrize("role", ["anonymous", "editor", "owner", "staff"])
@pytest.mark.parametrize(
    "path",
    [
        "/companies/{slug}/posts/",
        "/companies/{slug}/posts/manage/",
        "/companies/{slug}/audit/",
        "/companies/dashboard/",
        "/companies/{slug}/",
    ],
)
def test_pages_answer_a_nul_byte_in_the_page_number(client_for_role, company, role, path):
    response = client_for_role(role).get(path.format(slug=company.slug), {"page": NUL})
    assert_not_500(response)


@pytest.mark.parametrize(
    "path",
    [
        "/companies/%00/",
        "/companies/co%00mpany/posts/",
        "/companies/{slug}/posts/%00/",
        "/companies/{slug}/posts/feed%00/",
        "/companies/photos/1/card%00.jpg",
        "/companies/photos/1/card.jp%00g",
        "/accounts/invitation/%00/",
        "/accounts/invitation/abc%00def/",
    ],
)
def test_a_nul_byte_in_a_path_is_a_404(client, staff, company, path):
    client.force_login(staff)
    assert client.get(path.format(slug=company.slug)).status_code == 404


def test_a_nul_byte_in_an_invitation_key_is_a_404_for_anyone(client):
    response = client.get("/accounts/invitation/abc%00def/")
    assert response.status_code == 404
    response = client.post("/accounts/invitation/abc%00def/", {"name": "x"})
    assert response.status_code == 404


def test_a_nul_byte_in_a_caption_is_a_message_and_nothing_is_lost(client, editor, company):
    post = PostFactory(company=company, status="draft", publish_at=None, title="キャプション")
    (photo,) = add_photos(post, 1, renditions=False)
    Photo.objects.filter(pk=photo.pk).update(caption="元の説明")
    client.force_login(editor)
    response = client.post(
        f"/companies/{company.slug}/posts/{post.pk}/edit/",
        {
            "title": "新しい題",
            "body": "本文",
            "body_format": "plain",
            "category": "newsletter",
            "tags": "",
            "publish_at": "",
            f"caption-{photo.pk}": f"説明{NUL}です",
            "op": "save",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "新しい題" in page  # what was typed is kept on the page
    assert "NUL文字" in page
    photo.refresh_from_db()
    post.refresh_from_db()
    assert photo.caption == "元の説明" and post.title == "キャプション"


def admin_changelists(app_labels):
    from django.contrib import admin
    from django.urls import reverse

    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label in app_labels
    ]


@pytest.mark.parametrize("path", admin_changelists({"companies", "meetings", "accounts"}))
def test_admin_searches_and_filters_answer_a_nul_byte_without_a_500(client, superuser, path):
    # The superuser reaches every admin, the second factors too.
    client.force_login(superuser)
    filters = [
        {name: NUL}
        for name in ("is_staff__exact", "kind__exact", "visibility__exact", "status__exact")
    ]
    for query in ({"q": f"綾瀬{NUL}"}, {"q": NUL}, {"p": NUL}, {"o": NUL}, *filters):
        response = client.get(path, query)
        assert response.status_code in (200, 302, 400, 404), (path, query)
