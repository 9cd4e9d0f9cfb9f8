"""City staff invite a committee member from the member's admin row; accepting the mailed
invitation links the new account to that member, who can answer activities at once."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, User
from meetings.models import ActivityResponse, Member
from tests.accounts.factories import InvitationFactory, UserFactory
from tests.meetings.factories import ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db


def invite(client, *members):
    return client.post(
        reverse("admin:meetings_member_changelist"),
        {"action": "invite", "_selected_action": [str(m.pk) for m in members]},
        follow=True,
    )


def accept(client, invitation):
    return client.post(
        reverse("accounts:invitation_accept", kwargs={"key": invitation.key}),
        {
            "name": "斉藤 一郎",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )


def test_an_invited_member_answers_an_activity_after_accepting(
    client, staff, django_capture_on_commit_callbacks
):
    saito = MemberFactory(name="斉藤", email="saito@example.jp")
    activity = ActivityFactory()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = invite(client, saito)
    assert "1人の委員を招待しました" in page.content.decode()
    saito.refresh_from_db()
    invitation = saito.invitation
    assert invitation.email == "saito@example.jp"
    assert invitation.kind == Invitation.Kind.COMMITTEE_MEMBER
    assert [m.to for m in mail.outbox] == [["saito@example.jp"]]
    link = re.search(r"/accounts/invitation/[\w-]+/", mail.outbox[0].body).group(0)
    assert invitation.key in link

    client.logout()
    accept(client, invitation)
    saito.refresh_from_db()
    assert saito.user == User.objects.get(email="saito@example.jp")

    detail = client.get(activity.get_absolute_url()).content.decode()
    assert 'id="unlinked-member"' not in detail and 'name="answer"' in detail
    client.post(
        reverse("meetings:activity_answer", args=[activity.pk]), {"answer": "attend", "comment": ""}
    )
    assert ActivityResponse.objects.get(activity=activity).member == saito


def test_members_without_an_address_or_with_an_account_are_not_invited(client, staff):
    no_address = MemberFactory(name="住所なし", email="")
    linked = MemberFactory(name="連携済み", user=UserFactory())
    client.force_login(staff)
    page = invite(client, no_address, linked).content.decode()
    assert "住所なし" in page and "連携済み" in page
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_member_with_an_open_invitation_is_told_to_resend_it(client, staff):
    saito = MemberFactory(email="saito@example.jp")
    client.force_login(staff)
    invite(client, saito)
    page = invite(client, saito).content.decode()
    assert Invitation.objects.count() == 1
    assert "saito@example.jp" in page


def test_a_committee_account_no_member_names_is_told_whom_to_ask(client, member):
    activity = ActivityFactory()
    client.force_login(member)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'id="unlinked-member"' in page
    assert "事務局" in page
    assert 'name="answer"' not in page
    MemberFactory(user=member)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'id="unlinked-member"' not in page and 'name="answer"' in page


def test_an_invitation_made_without_a_member_links_no_member(client):
    """A committee invitation made in the invitations admin names no member: accepting it
    gives the role, and takes nobody's record."""
    MemberFactory(email="saito@example.jp")
    invitation = InvitationFactory(email="saito@example.jp", kind="committee_member")
    accept(client, invitation)
    assert User.objects.filter(email="saito@example.jp").exists()
    assert not Member.objects.filter(user__isnull=False).exists()


def test_an_account_already_linked_to_a_member_takes_no_second_one(client, staff):
    """Accepted by someone who is already a member elsewhere (logged in): the record they
    hold stays theirs and the invited member is left for staff to sort out."""
    person = UserFactory(email="saito@example.jp")
    held = MemberFactory(user=person, email="")
    invited = MemberFactory(email="saito@example.jp")
    client.force_login(staff)
    invite(client, invited)
    invited.refresh_from_db()
    client.force_login(person)
    client.post(reverse("accounts:invitation_accept", kwargs={"key": invited.invitation.key}))
    invited.refresh_from_db()
    held.refresh_from_db()
    assert invited.user is None and held.user == person
