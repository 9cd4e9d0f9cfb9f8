"""The write matrix of companies and the Smart Navi blog. See tests/site/matrix.py.

Company A's owner keeps its profile and members, its editors post, city staff moderate and
invite; another company's owner gets a 404 for all of A's pages, as does anyone else.
"""

from django.urls import reverse

from companies.models import Post
from tests.site.matrix import (
    E403,
    E404,
    LOGIN,
    OK,
    REFUSED,
    AdminModel,
    Op,
    ReadOnly,
    Write,
    roles,
)


def url(name, **kwargs):
    """A URL of company A (or its objects: world attribute names as values)."""

    def path(w):
        values = {k: (getattr(w, v).pk if k == "pk" else v) for k, v in kwargs.items()}
        return reverse(name, kwargs={"slug": w.company_a.slug, **values})

    return path


def url_b(name, **kwargs):
    """A URL of company B's pages, with objects of company A."""

    def path(w):
        values = {k: getattr(w, v).pk for k, v in kwargs.items()}
        return reverse(name, kwargs={"slug": w.company_b.slug, **values})

    return path


def _moderation(w):
    """What finding 3 protects: an unpublished post stays off the site, with its reason."""
    return [
        Post.objects.filter(pk=w.post_a_unpublished.pk).values_list(
            "status", "moderation_reason", "moderated_by", "moderated_at"
        )
    ]


POST_DATA = {
    "title": "新しい5軸加工機",
    "body": "工場に新しい機械が入りました。",
    "body_format": "plain",
    "category": "newsletter",
    "tags": "旋盤 設備",
}

# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    ReadOnly("companies:company_list", lambda w: reverse("companies:company_list")),
    ReadOnly("companies:my_companies", lambda w: reverse("companies:my_companies")),
    ReadOnly("companies:dashboard", lambda w: reverse("companies:dashboard")),
    ReadOnly("companies:opendata_csv", lambda w: reverse("companies:opendata_csv")),
    ReadOnly("companies:opendata_json", lambda w: reverse("companies:opendata_json")),
    ReadOnly("companies:post_list", lambda w: reverse("companies:post_list")),
    ReadOnly("companies:post_feed", lambda w: reverse("companies:post_feed")),
    ReadOnly(
        "companies:photo_rendition",
        lambda w: reverse(
            "companies:photo_rendition", kwargs={"pk": w.photo_a.pk, "size": "thumb", "fmt": "jpg"}
        ),
    ),
    ReadOnly("companies:company_detail", url("companies:company_detail")),
    ReadOnly("companies:audit_list", url("companies:audit_list")),
    ReadOnly("companies:member_list", url("companies:member_list")),
    ReadOnly("companies:invitation_detail", url("companies:invitation_detail", pk="invitation")),
    ReadOnly("companies:invitation_qr", url("companies:invitation_qr", pk="invitation")),
    ReadOnly("companies:company_posts", url("companies:company_posts")),
    ReadOnly("companies:company_post_feed", url("companies:company_post_feed")),
    ReadOnly("companies:post_manage", url("companies:post_manage")),
    ReadOnly("companies:post_detail", url("companies:post_detail", pk="post_a")),
    Write(
        "companies:company_edit",
        url("companies:company_edit"),
        form=url("companies:company_edit"),
        data=lambda w: {"summary": "精密切削と試作"},
        expect=roles(LOGIN,    E404,     E404,     OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "companies:member_role",
        url("companies:member_role", pk="membership_editor_a"),
        data=lambda w: {"role": "owner"},
        expect=roles(LOGIN,    E404,     E404,     OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "companies:member_remove",
        url("companies:member_remove", pk="membership_editor_a"),
        expect=roles(LOGIN,    E404,     E404,     OK,       E404,     E404,     OK,       OK),
    ),
    # Invitations are the secretariat's: it hands the link over on a visit.
    Write(
        "companies:invitation_create",
        url("companies:invitation_create"),
        data=lambda w: {"email": "new-person@example.jp", "role": "editor"},
        # Company A's owner invites A's editors; city staff invite anyone.
        expect=roles(LOGIN,    E404,     E404,     OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "companies:invitation_create",
        url("companies:invitation_create"),
        variant="an owner invites an owner",
        data=lambda w: {"email": "new-owner@example.jp", "role": "owner"},
        # A new owner is the secretariat's to make: the owner is told beside the role.
        expect=roles(LOGIN,    E404,     E404,     REFUSED,  E404,     E404,     OK,       OK),
    ),
    Write(
        "companies:post_create",
        url("companies:post_create"),
        form=url("companies:post_create"),
        data=lambda w: {**POST_DATA, "op": "save"},
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "companies:post_edit",
        url("companies:post_edit", pk="post_a"),
        form=url("companies:post_edit", pk="post_a"),
        data=lambda w: {"title": "題名を直しました", "op": "save"},
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    # A post city staff took off the site goes back only through city staff (finding 3).
    Write(
        "companies:post_edit",
        url("companies:post_edit", pk="post_a_unpublished"),
        variant="op=publish on a post city staff unpublished",
        finding=3,
        watch=_moderation,
        form=url("companies:post_edit", pk="post_a_unpublished"),
        data=lambda w: {"op": "publish"},
        # City staff too: the edit page never republishes it; they put it back online
        # with their own button (companies:post_reinstate), which the audit trail records.
        expect=roles(LOGIN,    E404,     REFUSED,  REFUSED,  E404,     E404,     REFUSED,  REFUSED),
    ),
    # The company asks city staff to look again at a post they unpublished.
    Write(
        "companies:post_review_request",
        url("companies:post_review_request", pk="post_a_unpublished"),
        data=lambda w: {"message": "顔が写った写真を外しました。"},
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     E404,     E404),
    ),
    # Putting it back online, or declining the company's request, is city staff's alone.
    Write(
        "companies:post_reinstate",
        url("companies:post_reinstate", pk="post_a_unpublished"),
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     OK,       OK),
    ),
    Write(
        "companies:post_review_decline",
        url("companies:post_review_decline", pk="post_a_review_pending"),
        data=lambda w: {"reason": "別の写真にも連絡先が写っています。"},
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     OK,       OK),
    ),
    Write(
        "companies:post_delete",
        url("companies:post_delete", pk="post_a"),
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "companies:post_unpublish",
        url("companies:post_unpublish", pk="post_a"),
        data=lambda w: {"reason": "ご本人の同意が確認できない写真があります。"},
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     OK,       OK),
    ),
    # Company B's pages with company A's objects: nothing of A is reached through B.
    Write(
        "companies:member_role",
        url_b("companies:member_role", pk="membership_editor_a"),
        variant="company B's page, company A's member",
        data=lambda w: {"role": "owner"},
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     E404,     E404),
    ),
    Write(
        "companies:member_remove",
        url_b("companies:member_remove", pk="membership_editor_a"),
        variant="company B's page, company A's member",
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     E404,     E404),
    ),
    Write(
        "companies:post_edit",
        url_b("companies:post_edit", pk="post_a"),
        variant="company B's page, company A's post",
        data=lambda w: {**POST_DATA, "op": "save"},
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     E404,     E404),
    ),
    Write(
        "companies:post_delete",
        url_b("companies:post_delete", pk="post_a"),
        variant="company B's page, company A's post",
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     E404,     E404),
    ),
    Write(
        "companies:post_unpublish",
        url_b("companies:post_unpublish", pk="post_a"),
        variant="company B's page, company A's post",
        data=lambda w: {"reason": "確認のため"},
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     E404,     E404),
    ),
    AdminModel(
        "companies.company",
        target="company_a",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "name": "新設工業",
                "name_kana": "しんせつこうぎょう",
                "slug": "shinsetsu",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"summary": "精密切削"}),
        delete=Op(staff=OK, superuser=OK, target="company_c"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="company_c")},
    ),
    AdminModel(
        "companies.membership",
        target="membership_editor_a",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "user": str(w.plain_user.pk),
                "company": str(w.company_a.pk),
                "role": "editor",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"role": "owner"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    # The trail is written by the services only.
    AdminModel(
        "companies.auditentry",
        target="audit_entry",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=E403, superuser=E403),
        actions={},
    ),
    # Posts are changed on the site's pages (through the services and the trail); the admin
    # shows them and may delete.
    AdminModel(
        "companies.post",
        target="post_a",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=OK, superuser=OK),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK),
            "accept_review": Op(staff=OK, superuser=OK, target="post_a_review_pending"),
            "decline_review": Op(
                staff=OK,
                superuser=OK,
                target="post_a_review_pending",
                data=lambda w: {"apply": "1", "reason": "別の写真にも連絡先が写っています。"},
            ),
        },
    ),
    AdminModel(
        "companies.tag",
        target="tag",
        add=Op(staff=OK, superuser=OK, data=lambda w: {"name": "溶接"}),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"name": "旋盤加工"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    AdminModel(
        "companies.postingreminder",
        target="posting_reminder",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
]
# fmt: on
