from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, User
from accounts.roles import Role, roles_of
from companies.models import Membership
from tests.accounts.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creating_an_invitation_mails_the_link_once_committed(
    django_capture_on_commit_callbacks, staff, company
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = services.invitation_create(
            email=" Tanaka@Example.JP ",
            kind=Invitation.Kind.COMPANY_STAFF,
            company=company,
            company_role="editor",
            invited_by=staff,
        )
    assert len(callbacks) == 1
    assert invitation.email == "tanaka@example.jp"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tanaka@example.jp"]
    assert "綾瀬ポータル" in message.subject or "ポータル" in message.subject
    assert f"/accounts/invitation/{invitation.key}/" in message.body
    # Japanese first, English after, for foreign staff.
    assert company.name in message.body
    assert "You are invited" in message.body
    invitation.refresh_from_db()
    assert invitation.mail_sent_at is not None


def test_the_mail_task_is_idempotent(django_capture_on_commit_callbacks):
    invitation = InvitationFactory()
    assert services.invitation_mail_send(invitation_id=invitation.pk) is True
    assert services.invitation_mail_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_a_second_open_invitation_for_the_same_person_is_refused(staff):
    services.invitation_create(email="a@example.jp", kind="committee_member", invited_by=staff)
    with pytest.raises(services.InvitationError):
        services.invitation_create(email="A@example.jp", kind="committee_member", invited_by=staff)
    assert Invitation.objects.count() == 1


def test_company_staff_invitation_needs_a_company_and_role(staff):
    with pytest.raises(services.InvitationError):
        services.invitation_create(email="a@example.jp", kind="company_staff", invited_by=staff)
    assert not Invitation.objects.exists()


def test_accepting_creates_a_verified_account_with_the_company_role(company):
    invitation = InvitationFactory(kind="company_staff", company=company, company_role="owner")
    user = services.invitation_accept(
        key=invitation.key, name="綾瀬　花子", password="a-long-passphrase-1"
    )

    assert user.email == invitation.email
    assert user.name == "綾瀬 花子"
    assert user.check_password("a-long-passphrase-1")
    assert Membership.objects.get(user=user, company=company).role == "owner"
    assert Role.COMPANY_STAFF in roles_of(User.objects.get(pk=user.pk))
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_accepting_as_committee_member_adds_the_group(role_groups):
    invitation = InvitationFactory(kind="committee_member")
    user = services.invitation_accept(
        key=invitation.key, name="委員", password="a-long-passphrase-1"
    )
    assert Role.COMMITTEE_MEMBER in roles_of(User.objects.get(pk=user.pk))


def test_an_invitation_is_used_once():
    invitation = InvitationFactory()
    services.invitation_accept(key=invitation.key, name="一人目", password="a-long-passphrase-1")
    with pytest.raises(services.InvitationError):
        services.invitation_accept(
            key=invitation.key, name="二人目", password="a-long-passphrase-1"
        )
    assert User.objects.count() == 1


def test_expired_and_revoked_invitations_are_refused():
    expired = InvitationFactory(expires_at=timezone.now() - timedelta(minutes=1))
    revoked = services.invitation_revoke(invitation=InvitationFactory())
    for invitation in (expired, revoked):
        with pytest.raises(services.InvitationError):
            services.invitation_accept(key=invitation.key, name="x", password="a-long-passphrase-1")
    assert not User.objects.exists()


def test_an_existing_user_accepts_while_logged_in_and_keeps_the_account(company):
    user = UserFactory(email="sato@example.jp")
    invitation = InvitationFactory(
        email="sato@example.jp", kind="company_staff", company=company, company_role="editor"
    )
    with pytest.raises(services.InvitationError):
        services.invitation_accept(key=invitation.key, name="x", password="a-long-passphrase-1")
    assert services.invitation_accept(key=invitation.key, user=user) == user
    assert Membership.objects.filter(user=user, company=company).exists()


def test_someone_else_cannot_accept(company):
    other = UserFactory()
    invitation = InvitationFactory()
    with pytest.raises(services.InvitationError):
        services.invitation_accept(key=invitation.key, user=other)


def test_resend_sends_a_new_mail_and_extends_the_link(django_capture_on_commit_callbacks):
    invitation = InvitationFactory(expires_at=timezone.now() + timedelta(hours=1))
    services.invitation_mail_send(invitation_id=invitation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(invitation=invitation)
    invitation.refresh_from_db()
    assert len(mail.outbox) == 2
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
