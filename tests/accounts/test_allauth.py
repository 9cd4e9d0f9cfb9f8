"""Sign-up with email verification, login, logout and password reset through allauth."""

import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_visitor_signs_up_and_verifies_the_address(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "ｈａｎａｋｏ@Example.jp",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "hanako@example.jp"
    # The verification mail went through the Celery task once the sign-up was committed.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert "綾瀬イノベーション推進委員会" in mail.outbox[0].subject

    confirm = client.get(link_in(mail.outbox[0]))
    assert confirm.status_code == 200
    client.post(link_in(mail.outbox[0]))
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(user=user).verified


def test_an_unverified_account_cannot_log_in_yet(client):
    from tests.accounts.factories import UserFactory

    UserFactory(email="new@example.jp", email_verified=False)
    response = client.post(
        "/accounts/login/", {"login": "new@example.jp", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in response.url
    assert "_auth_user_id" not in client.session


def test_login_is_case_insensitive_and_logout_works(client, visitor):
    response = client.post(
        "/accounts/login/",
        {"login": visitor.email.upper(), "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(visitor.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_gets_a_message_and_keeps_the_address(client, visitor):
    response = client.post("/accounts/login/", {"login": visitor.email, "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "正しくありません" in body
    assert f'value="{visitor.email}"' in body


def test_password_reset_by_mail(client, visitor):
    client.post("/accounts/password/reset/", {"email": visitor.email})
    assert len(mail.outbox) == 1
    reset_page = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = (
        reset_page.redirect_chain[-1][0] if reset_page.redirect_chain else link_in(mail.outbox[0])
    )
    client.post(
        form_url,
        {"password1": "another-long-passphrase-2", "password2": "another-long-passphrase-2"},
    )
    visitor.refresh_from_db()
    assert visitor.check_password("another-long-passphrase-2")


@pytest.mark.parametrize(
    ("language", "site", "committee", "blank"),
    [
        ("ja", "綾瀬ポータル", "[綾瀬イノベーション推進委員会]", "こんにちは、 です"),
        ("en", "Ayase portal", "[Ayase Innovation Promotion Committee]", "Hello from !"),
    ],
)
def test_account_mails_name_the_portal_in_the_readers_language(
    client, visitor, language, site, committee, blank
):
    """allauth's templates greet from ``current_site.name``: never blank, never example.com."""
    from tests.conftest import clear_test_cache

    clear_test_cache()  # allauth's limits per address count across tests
    client.post(
        "/accounts/password/reset/",
        {"email": visitor.email},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    client.post(
        "/accounts/signup/",
        {
            "email": "taro@example.jp",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject.startswith(committee + " ")
        assert site in message.body
        assert blank not in message.body
        assert "example.com" not in message.body
