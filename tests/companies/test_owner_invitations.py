"""A company's owner invites their own staff as editors from the members page; a new owner
is the secretariat's to make; city staff still see and make every invitation."""

import re

import pytest
from django.core import mail

from accounts.models import Invitation
from companies.models import AuditEntry
from tests.accounts.factories import InvitationFactory
from tests.companies.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def invite(client, company, email, role):
    return client.post(f"/companies/{company.slug}/invitations/", {"email": email, "role": role})


def test_an_owner_invites_an_editor_of_their_company(
    client, owner, company, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    page = client.get(f"/companies/{company.slug}/members/").content.decode()
    role = re.search(r'<select name="role".*?</select>', page, re.S).group(0)
    assert 'value="editor"' in role and 'value="owner"' not in role
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, company, "shain@example.jp", "editor")
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="shain@example.jp")
    assert (invitation.company, invitation.company_role, invitation.invited_by) == (
        company,
        "editor",
        owner,
    )
    assert [m.to for m in mail.outbox] == [["shain@example.jp"]]
    assert AuditEntry.objects.filter(company=company, action="invited", actor=owner).exists()
    assert client.get(response.url).status_code == 200  # its page, with the link and QR code


def test_an_owner_cannot_make_an_owner(client, owner, company):
    client.force_login(owner)
    response = invite(client, company, "boss@example.jp", "owner")
    assert response.status_code == 400
    html = response.content.decode()
    assert "boss@example.jp" in html  # what was typed is kept
    assert 'id="error-summary"' in html and "id_role" in html
    assert not Invitation.objects.exists()


def test_an_owner_does_not_see_the_link_of_an_owners_invitation(client, owner, company):
    """City staff invited a second owner: its link would make whoever holds it an owner."""
    for_owner = InvitationFactory(kind="company_staff", company=company, company_role="owner")
    for_editor = InvitationFactory(kind="company_staff", company=company, company_role="editor")
    client.force_login(owner)
    base = f"/companies/{company.slug}/invitations"
    assert client.get(f"{base}/{for_owner.pk}/").status_code == 404
    assert client.get(f"{base}/{for_owner.pk}/qr.svg").status_code == 404
    assert client.get(f"{base}/{for_editor.pk}/").status_code == 200
    members = client.get(f"/companies/{company.slug}/members/").content.decode()
    assert for_owner.email in members  # listed, without its link
    assert f"{base}/{for_owner.pk}/" not in members


@pytest.mark.parametrize("who", ["editor", "other owner"])
def test_editors_and_other_companies_owners_cannot_invite(client, company, editor, who):
    user = editor
    if who == "other owner":
        user = MembershipFactory(company=CompanyFactory(), role="owner").user
    client.force_login(user)
    assert invite(client, company, "x@example.jp", "editor").status_code == 404
    assert not Invitation.objects.exists()


def test_city_staff_invite_owners_and_see_every_invitation(client, staff, company):
    made_by_owner = InvitationFactory(kind="company_staff", company=company, company_role="editor")
    client.force_login(staff)
    assert invite(client, company, "boss@example.jp", "owner").status_code == 302
    base = f"/companies/{company.slug}/invitations"
    owner_invitation = Invitation.objects.get(email="boss@example.jp")
    assert client.get(f"{base}/{owner_invitation.pk}/").status_code == 200
    assert client.get(f"{base}/{made_by_owner.pk}/").status_code == 200
