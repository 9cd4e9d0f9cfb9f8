from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from companies.models import Membership
from tests.accounts.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(invitation):
    return reverse("accounts:invitation_accept", kwargs={"key": invitation.key})


def test_invitee_sets_name_and_password_and_is_logged_in(client, company):
    invitation = InvitationFactory(kind="company_staff", company=company, company_role="editor")
    page = client.get(url(invitation))
    assert page.status_code == 200
    assert company.name in page.content.decode()

    response = client.post(
        url(invitation),
        {
            "name": "綾瀬 次郎",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["user"].email == invitation.email
    assert Membership.objects.filter(user__email=invitation.email, company=company).exists()


def test_bad_input_gets_messages_beside_the_fields_and_keeps_the_name(client):
    invitation = InvitationFactory()
    response = client.post(
        url(invitation), {"name": "綾瀬 次郎", "password1": "short", "password2": "different"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="綾瀬 次郎"' in body
    assert "invalid-feedback" in body
    assert not User.objects.exists()


def test_unknown_key_is_a_friendly_404(client):
    response = client.get("/accounts/invitation/not-a-key/")
    assert response.status_code == 404
    assert "招待" in response.content.decode()


def test_expired_invitation_says_so(client):
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(days=1))
    response = client.get(url(invitation))
    assert response.status_code == 410
    assert "期限切れ" in response.content.decode()


def test_existing_account_is_asked_to_log_in_first(client):
    UserFactory(email="sato@example.jp")
    invitation = InvitationFactory(email="sato@example.jp")
    response = client.get(url(invitation))
    assert response.status_code == 200
    assert "/accounts/login/?next=" in response.content.decode()


def test_logged_in_addressee_accepts_with_one_button(client, role_groups):
    user = UserFactory(email="sato@example.jp")
    invitation = InvitationFactory(email="sato@example.jp")
    client.force_login(user)
    assert client.get(url(invitation)).status_code == 200
    client.post(url(invitation))
    assert user.groups.filter(name="committee_members").exists()


def test_another_logged_in_user_is_refused(client, visitor):
    invitation = InvitationFactory()
    client.force_login(visitor)
    assert client.get(url(invitation)).status_code == 403
    assert client.post(url(invitation)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
