import pytest
from django.contrib import admin
from django.core import mail

from accounts.models import Invitation
from meetings.models import Committee
from tests.conftest import ADMIN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model_admin",
    [
        ma
        for m, ma in admin.site._registry.items()
        if m._meta.app_label in {"accounts", "companies", "meetings", "openfactory", "talent"}
    ],
    ids=str,
)
def test_every_portal_model_admin_has_filters_and_search(model_admin):
    assert model_admin.list_filter, f"{model_admin} has no list_filter"
    assert model_admin.search_fields, f"{model_admin} has no search_fields"


def test_admin_header_is_the_committees_in_japanese(client, staff):
    client.force_login(staff)
    body = client.get(ADMIN).content.decode()
    assert "綾瀬イノベーション推進委員会 ポータル 管理" in body
    assert 'lang="ja"' in body


def test_city_staff_invite_a_company_editor_from_the_admin(
    client, staff, company, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{ADMIN}accounts/invitation/add/",
            {
                "email": "ｙａｍａｄａ@example.jp",
                "kind": "company_staff",
                "company": company.pk,
                "company_role": "editor",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "yamada@example.jp"
    assert invitation.invited_by == staff
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["yamada@example.jp"]


def test_a_company_invitation_without_company_is_refused_beside_the_field(client, staff):
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}accounts/invitation/add/",
        {"email": "yamada@example.jp", "kind": "company_staff", "company": "", "company_role": ""},
    )
    assert response.status_code == 200
    assert "所属する企業を選んでください" in response.content.decode()
    assert 'value="yamada@example.jp"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_duplicate_invitation_is_refused_with_a_message(client, staff):
    client.force_login(staff)
    data = {"email": "yamada@example.jp", "kind": "committee_member"}
    client.post(f"{ADMIN}accounts/invitation/add/", data)
    response = client.post(f"{ADMIN}accounts/invitation/add/", data)
    assert response.status_code == 200
    assert "有効な招待がすでにあります" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_resend_and_revoke_actions(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{ADMIN}accounts/invitation/add/",
            {"email": "a@example.jp", "kind": "committee_member"},
        )
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{ADMIN}accounts/invitation/",
            {"action": "resend", "_selected_action": [invitation.pk]},
        )
    assert len(mail.outbox) == 2
    client.post(
        f"{ADMIN}accounts/invitation/", {"action": "revoke", "_selected_action": [invitation.pk]}
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_city_staff_cannot_give_themselves_rights(client, staff):
    client.force_login(staff)
    client.post(
        f"{ADMIN}accounts/user/{staff.pk}/change/",
        {"email": staff.email, "name": "x", "is_active": "on", "is_superuser": "on"},
    )
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_the_committee_profile_is_edited_not_added_twice(client, staff):
    from demo_data.seeds import committee_seed_text
    from meetings import demo

    demo.load(committee_seed_text())
    client.force_login(staff)
    assert client.get(f"{ADMIN}meetings/committee/add/").status_code == 403
    assert (
        client.get(f"{ADMIN}meetings/committee/{Committee.objects.get().pk}/change/").status_code
        == 200
    )
