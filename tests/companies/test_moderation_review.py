"""A post city staff unpublished goes back online only through city staff: the company fixes
it and asks for a review, which city staff accept or decline, from the site or the admin.
Every step is in the audit trail; no button, field or page of the company undoes it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import AuditEntry, Post
from companies.services import post_unpublish
from tests.companies.factories import CompanyFactory, MembershipFactory, PostFactory, add_photos

pytestmark = pytest.mark.django_db

REASON = "個人が特定できる写真が含まれています。"


@pytest.fixture
def moderated(company, staff):
    post = PostFactory(company=company, title="問題のある記事")
    add_photos(post, 2, renditions=False)
    return post_unpublish(post=post, actor=staff, reason=REASON)


@pytest.fixture
def other_owner(db):
    """The owner of another company."""
    membership = MembershipFactory(company=CompanyFactory(), role="owner")
    return membership.user


def edit(client, post, op, **data):
    payload = {
        "title": post.title,
        "body": post.body,
        "body_format": post.body_format,
        "category": post.category,
        "tags": "",
        "publish_at": "",
        "op": op,
        **data,
    }
    return client.post(
        f"/companies/{post.company.slug}/posts/{post.pk}/edit/", payload, follow=True
    )


def assert_still_unpublished(post, reason=REASON):
    post.refresh_from_db()
    assert post.status == Post.Status.UNPUBLISHED
    assert post.moderation_reason == reason
    assert post.moderated_by is not None
    assert not Post.objects.published().filter(pk=post.pk).exists()


def actions(post):
    return list(
        AuditEntry.objects.filter(post=post)
        .order_by("created_at", "pk")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize("role", ["editor", "owner", "staff"])
@pytest.mark.parametrize(
    ("op", "extra"),
    [
        ("publish", {}),
        ("publish", {"publish_at": "2099-01-01T09:00"}),  # schedule
        ("publish", {"publish_at": "2000-01-01T09:00"}),  # a time in the past
        ("save", {"publish_at": "2000-01-01T09:00"}),
        ("withdraw", {}),  # to draft, then publish: refused too
        ("preview", {}),
    ],
)
def test_no_button_of_the_edit_page_puts_it_back_online(
    client_for_role, role, moderated, op, extra
):
    client = client_for_role(role)
    response = edit(client, moderated, op, **extra)
    assert response.status_code == 200
    assert_still_unpublished(moderated)
    if op in ("publish", "withdraw"):
        assert "事務局" in response.content.decode()  # the message says who decides
    # Publishing after a refused withdraw is refused as well.
    edit(client, moderated, "publish")
    assert_still_unpublished(moderated)
    assert not {"post_published", "post_scheduled", "post_withdrawn"} & set(actions(moderated))


def test_the_company_may_still_fix_the_post(client, editor, moderated):
    client.force_login(editor)
    edit(client, moderated, "save", title="直した記事")
    moderated.refresh_from_db()
    assert moderated.title == "直した記事"
    assert_still_unpublished(moderated)


@pytest.mark.parametrize("role", ["editor", "owner"])
def test_the_company_sees_the_state_and_reason_on_its_list_and_the_post(
    client, request, role, moderated
):
    client.force_login(request.getfixturevalue(role))
    company = moderated.company
    for url in (
        f"/companies/{company.slug}/posts/manage/",
        moderated.get_absolute_url(),
        f"/companies/{company.slug}/posts/{moderated.pk}/edit/",
    ):
        page = client.get(url).content.decode()
        assert REASON in page and "非公開" in page, url
    page = client.get(moderated.get_absolute_url()).content.decode()
    assert "再確認を依頼" in page  # the form to ask for a review


@pytest.mark.parametrize("role", ["editor", "owner"])
def test_the_company_asks_for_a_review_and_city_staff_accept(
    client, request, role, staff, moderated
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    company = moderated.company
    response = client.post(
        f"/companies/{company.slug}/posts/{moderated.pk}/review/",
        {"message": "写真を差し替えました。"},
        follow=True,
    )
    assert response.status_code == 200
    assert_still_unpublished(moderated)
    assert moderated.review_requested_at is not None and moderated.review_requested_by == user
    assert moderated.review_message == "写真を差し替えました。"
    page = client.get(moderated.get_absolute_url()).content.decode()
    assert "再確認を依頼済み" in page and REASON in page
    manage = client.get(f"/companies/{company.slug}/posts/manage/").content.decode()
    assert "再確認を依頼済み" in manage
    # Asking twice changes nothing.
    client.post(f"/companies/{company.slug}/posts/{moderated.pk}/review/", {"message": "再度"})
    moderated.refresh_from_db()
    assert moderated.review_message == "写真を差し替えました。"
    # Staff see the request on the post's page and accept it.
    client.force_login(staff)
    page = client.get(moderated.get_absolute_url()).content.decode()
    assert "写真を差し替えました。" in page and "公開に戻す" in page
    response = client.post(f"/companies/{company.slug}/posts/{moderated.pk}/reinstate/")
    assert response.status_code == 302
    moderated.refresh_from_db()
    assert moderated.status == Post.Status.PUBLISHED and moderated.is_public()
    assert moderated.moderation_reason == "" and moderated.review_requested_at is None
    assert actions(moderated) == ["post_unpublished", "review_requested", "review_accepted"]
    accepted = AuditEntry.objects.get(post=moderated, action="review_accepted")
    assert accepted.actor == staff
    requested = AuditEntry.objects.get(post=moderated, action="review_requested")
    assert requested.actor == user and "写真を差し替えました。" in requested.detail
    client.logout()
    assert client.get(moderated.get_absolute_url()).status_code == 200


def test_city_staff_decline_with_a_reason_the_company_reads(client, editor, staff, moderated):
    company = moderated.company
    client.force_login(editor)
    client.post(
        f"/companies/{company.slug}/posts/{moderated.pk}/review/", {"message": "直しました"}
    )
    client.force_login(staff)
    url = f"/companies/{company.slug}/posts/{moderated.pk}/decline/"
    response = client.post(url, {"reason": "  "}, follow=True)
    assert "理由を書いてください" in response.content.decode()
    moderated.refresh_from_db()
    assert moderated.review_requested_at is not None  # nothing decided without a reason
    client.post(url, {"reason": "まだ顔が写っています。"})
    assert_still_unpublished(moderated, reason="まだ顔が写っています。")
    assert moderated.review_requested_at is None
    assert actions(moderated) == ["post_unpublished", "review_requested", "review_declined"]
    declined = AuditEntry.objects.get(post=moderated, action="review_declined")
    assert declined.actor == staff and "まだ顔が写っています。" in declined.detail
    client.force_login(editor)
    page = client.get(moderated.get_absolute_url()).content.decode()
    assert "まだ顔が写っています。" in page and "再確認を依頼" in page  # may ask again
    audit = client.get(f"/companies/{company.slug}/audit/")
    assert audit.status_code == 404  # editors do not read the trail; owners do


def test_the_owner_reads_every_step_in_the_audit_trail(client, owner, staff, moderated):
    company = moderated.company
    client.force_login(owner)
    client.post(f"/companies/{company.slug}/posts/{moderated.pk}/review/", {"message": "直した"})
    client.force_login(staff)
    client.post(f"/companies/{company.slug}/posts/{moderated.pk}/decline/", {"reason": "不十分"})
    client.force_login(owner)
    client.post(f"/companies/{company.slug}/posts/{moderated.pk}/review/", {"message": "再度"})
    client.force_login(staff)
    client.post(f"/companies/{company.slug}/posts/{moderated.pk}/reinstate/")
    client.force_login(owner)
    page = client.get(f"/companies/{company.slug}/audit/").content.decode()
    for label in ("記事非公開(事務局)", "再確認の依頼", "再確認の却下", "再確認の承認"):
        assert label in page, label


def test_a_review_request_needs_a_message(client, editor, moderated):
    client.force_login(editor)
    response = client.post(
        f"/companies/{moderated.company.slug}/posts/{moderated.pk}/review/",
        {"message": " "},
        follow=True,
    )
    assert "何を直したか" in response.content.decode()
    moderated.refresh_from_db()
    assert moderated.review_requested_at is None


def test_only_an_unpublished_post_can_be_reviewed(client, editor, company):
    post = PostFactory(company=company)
    client.force_login(editor)
    client.post(f"/companies/{company.slug}/posts/{post.pk}/review/", {"message": "x"})
    post.refresh_from_db()
    assert post.review_requested_at is None
    assert not AuditEntry.objects.filter(post=post, action="review_requested").exists()


@pytest.mark.parametrize(
    "role", ["anonymous", "visitor", "member", "other_owner", "staff", "superuser"]
)
def test_only_the_companys_staff_ask_for_a_review(client, request, role, moderated):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.post(
        f"/companies/{moderated.company.slug}/posts/{moderated.pk}/review/", {"message": "x"}
    )
    assert response.status_code in (302, 404)
    moderated.refresh_from_db()
    assert moderated.review_requested_at is None


@pytest.mark.parametrize(
    "role", ["anonymous", "visitor", "member", "editor", "owner", "other_owner"]
)
@pytest.mark.parametrize("action", ["reinstate", "decline"])
def test_only_city_staff_accept_or_decline(client, request, role, action, editor, moderated):
    client.force_login(editor)
    url = f"/companies/{moderated.company.slug}/posts/{moderated.pk}"
    client.post(f"{url}/review/", {"message": "直しました"})
    client.logout()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.post(f"{url}/{action}/", {"reason": "勝手に"})
    assert response.status_code in (302, 404)
    assert_still_unpublished(moderated)
    assert moderated.review_requested_at is not None


def test_another_companys_owner_cannot_touch_the_post(client, other_owner, moderated):
    client.force_login(other_owner)
    response = edit(client, moderated, "publish")
    assert response.status_code == 404
    assert_still_unpublished(moderated)


def test_a_scheduled_post_is_scheduled_again_when_accepted(client, staff, company):
    post = PostFactory(
        company=company, status="scheduled", publish_at=timezone.now() + timedelta(days=2)
    )
    add_photos(post, 1, renditions=False)
    post_unpublish(post=post, actor=staff, reason="確認中")
    client.force_login(staff)
    client.post(f"/companies/{company.slug}/posts/{post.pk}/reinstate/")
    post.refresh_from_db()
    assert post.status == Post.Status.SCHEDULED and not post.is_public()


def test_city_staff_accept_and_decline_in_the_admin(client, editor, staff, company):
    a = PostFactory(company=company, title="記事A")
    b = PostFactory(company=company, title="記事B")
    for post in (a, b):
        add_photos(post, 1, renditions=False)
        post_unpublish(post=post, actor=staff, reason=REASON)
        client.force_login(editor)
        client.post(f"/companies/{company.slug}/posts/{post.pk}/review/", {"message": "直した"})
    client.force_login(staff)
    listing = client.get("/admin/companies/post/?review_requested_at__isnull=False")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "記事A" in page and "記事B" in page
    response = client.post(
        "/admin/companies/post/",
        {"action": "accept_review", "_selected_action": [a.pk]},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Post.Status.PUBLISHED
    # Declining asks for the reason first, then applies it.
    form = client.post(
        "/admin/companies/post/", {"action": "decline_review", "_selected_action": [b.pk]}
    )
    assert form.status_code == 200 and "記事B" in form.content.decode()
    assert_still_unpublished(b)
    assert b.review_requested_at is not None
    client.post(
        "/admin/companies/post/",
        {
            "action": "decline_review",
            "_selected_action": [b.pk],
            "apply": "1",
            "reason": "まだ直っていません。",
        },
    )
    assert_still_unpublished(b, reason="まだ直っていません。")
    assert b.review_requested_at is None
    assert actions(a)[-1] == "review_accepted" and actions(b)[-1] == "review_declined"


def test_the_admin_actions_are_city_staffs_only(client, superuser, editor, company, staff):
    post = PostFactory(company=company)
    add_photos(post, 1, renditions=False)
    post_unpublish(post=post, actor=staff, reason=REASON)
    client.force_login(editor)
    client.post(f"/companies/{company.slug}/posts/{post.pk}/review/", {"message": "直した"})
    response = client.post(
        "/admin/companies/post/", {"action": "accept_review", "_selected_action": [post.pk]}
    )
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert_still_unpublished(post)
