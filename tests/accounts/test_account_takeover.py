"""City staff keep ordinary accounts current; staff and superuser accounts are a superuser's.

Every path by which someone in the city-staff role could take over another account is tried
with real requests: the user change form, the admin's password form, the allauth e-mail
address admin (add, change, reassign, mark verified, delete), and invitations and password
resets aimed at a superuser's addresses. Each case names the actor and the account:
"self" is the actor's own account, "other_staff" another city-staff account.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Invitation, User
from tests.accounts.factories import InvitationFactory, UserFactory
from tests.conftest import ADMIN, PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "attacker@example.jp"
NEW_PASSWORD = "a-brand-new-passphrase-9"

# (actor, account, allowed)
CASES = [
    ("staff", "superuser", False),
    ("staff", "other_staff", False),
    ("staff", "self", False),
    ("staff", "ordinary", True),
    ("superuser", "other_superuser", True),
    ("superuser", "self", True),
    ("superuser", "other_staff", True),
    ("superuser", "ordinary", True),
]
IDS = [f"{actor}-on-{account}" for actor, account, _allowed in CASES]


@pytest.fixture
def other_staff(role_groups):
    user = UserFactory(is_staff=True)
    user.groups.add(role_groups[0])
    return user


@pytest.fixture
def other_superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def ordinary(company):
    from tests.companies.factories import MembershipFactory

    user = UserFactory()
    MembershipFactory(user=user, company=company, role="owner")
    return user


@pytest.fixture
def actor_and_account(request, client):
    """Log the actor in; return (actor, account) for the case's names."""

    def get(actor_name, account_name):
        actor = request.getfixturevalue(actor_name)
        account = actor if account_name == "self" else request.getfixturevalue(account_name)
        client.force_login(actor)
        return actor, account

    return get


def change_form_data(account, **changes):
    """What the admin's change form posts: the account as it is, with ``changes``."""
    data = {"email": account.email, "name": account.name}
    if account.is_active:
        data["is_active"] = "on"
    if account.is_staff:
        data["is_staff"] = "on"
    if account.is_superuser:
        data["is_superuser"] = "on"
    data["groups"] = [str(pk) for pk in account.groups.values_list("pk", flat=True)]
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(("actor_name", "account_name", "allowed"), CASES, ids=IDS)
def test_the_change_form_changes_address_and_active_flag_only_where_allowed(
    client, actor_and_account, actor_name, account_name, allowed
):
    _actor, account = actor_and_account(actor_name, account_name)
    response = client.post(
        f"{ADMIN}accounts/user/{account.pk}/change/",
        change_form_data(account, email=ATTACKER, is_active=None),
    )
    account.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert account.email == ATTACKER
        assert not account.is_active
    else:
        assert response.status_code == 403
        assert account.email != ATTACKER
        assert account.is_active


@pytest.mark.parametrize(("actor_name", "account_name", "allowed"), CASES, ids=IDS)
def test_the_password_form_sets_a_password_only_where_allowed(
    client, actor_and_account, actor_name, account_name, allowed
):
    _actor, account = actor_and_account(actor_name, account_name)
    url = f"{ADMIN}accounts/user/{account.pk}/password/"
    get = client.get(url)
    response = client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    account.refresh_from_db()
    if allowed:
        assert get.status_code == 200
        assert response.status_code == 302
        assert account.check_password(NEW_PASSWORD)
    else:
        assert get.status_code == 403
        assert response.status_code == 403
        assert account.check_password(PASSWORD)


@pytest.mark.parametrize(("actor_name", "account_name", "allowed"), CASES, ids=IDS)
def test_an_email_address_is_added_to_an_account_only_where_allowed(
    client, actor_and_account, actor_name, account_name, allowed
):
    _actor, account = actor_and_account(actor_name, account_name)
    response = client.post(
        f"{ADMIN}account/emailaddress/add/",
        {"user": account.pk, "email": ATTACKER, "verified": "on"},
    )
    added = EmailAddress.objects.filter(email=ATTACKER, user=account).exists()
    if allowed:
        assert response.status_code == 302
        assert added
    else:
        assert response.status_code == 200
        assert "システム管理者だけ" in response.content.decode()
        assert not added


@pytest.mark.parametrize(("actor_name", "account_name", "allowed"), CASES, ids=IDS)
def test_an_accounts_address_is_changed_only_where_allowed(
    client, actor_and_account, actor_name, account_name, allowed
):
    _actor, account = actor_and_account(actor_name, account_name)
    address = EmailAddress.objects.get(user=account, primary=True)
    response = client.post(
        f"{ADMIN}account/emailaddress/{address.pk}/change/",
        {"user": account.pk, "email": ATTACKER, "verified": "on", "primary": "on"},
    )
    address.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert address.email == ATTACKER
    else:
        # City staff are not shown the addresses of staff accounts at all: the admin says
        # there is no such address and goes back to its index.
        assert response.url == ADMIN
        assert address.email == account.email


@pytest.mark.parametrize(("actor_name", "account_name", "allowed"), CASES, ids=IDS)
def test_an_accounts_address_is_deleted_only_where_allowed(
    client, actor_and_account, actor_name, account_name, allowed
):
    _actor, account = actor_and_account(actor_name, account_name)
    address = EmailAddress.objects.get(user=account, primary=True)
    response = client.post(f"{ADMIN}account/emailaddress/{address.pk}/delete/", {"post": "yes"})
    assert EmailAddress.objects.filter(pk=address.pk).exists() is not allowed
    assert response.url == (f"{ADMIN}account/emailaddress/" if allowed else ADMIN)


@pytest.mark.parametrize(("actor_name", "account_name", "allowed"), CASES, ids=IDS)
def test_an_address_is_marked_verified_only_where_allowed(
    client, actor_and_account, actor_name, account_name, allowed
):
    _actor, account = actor_and_account(actor_name, account_name)
    planted = EmailAddress.objects.create(user=account, email=ATTACKER, verified=False)
    client.post(
        f"{ADMIN}account/emailaddress/",
        {"action": "make_verified", "_selected_action": [planted.pk]},
    )
    planted.refresh_from_db()
    assert planted.verified is allowed


def test_city_staff_cannot_hand_an_ordinary_address_to_a_superuser(
    client, staff, superuser, ordinary
):
    address = EmailAddress.objects.create(user=ordinary, email=ATTACKER, verified=True)
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}account/emailaddress/{address.pk}/change/",
        {"user": superuser.pk, "email": ATTACKER, "verified": "on"},
    )
    assert response.status_code == 200
    address.refresh_from_db()
    assert address.user == ordinary


def test_an_address_of_another_account_is_refused_beside_the_field(client, superuser, ordinary):
    client.force_login(superuser)
    response = client.post(
        f"{ADMIN}account/emailaddress/add/",
        {"user": ordinary.pk, "email": superuser.email.upper(), "verified": "on"},
    )
    assert response.status_code == 200
    assert "別のアカウント" in response.content.decode()
    assert not EmailAddress.objects.filter(user=ordinary, email__iexact=superuser.email).exists()


def test_city_staff_see_staff_accounts_read_only(client, staff, superuser):
    client.force_login(staff)
    page = client.get(f"{ADMIN}accounts/user/{superuser.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="email"' not in body
    assert f"{ADMIN}accounts/user/{superuser.pk}/password/" not in body


def test_bulk_actions_on_users_change_nothing_for_city_staff(client, staff, superuser):
    client.force_login(staff)
    client.post(
        f"{ADMIN}accounts/user/",
        {"action": "delete_selected", "_selected_action": [superuser.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=superuser.pk, is_active=True).exists()


# --- Invitations and password resets aimed at a superuser ---------------------------------


@pytest.fixture
def superuser_with_second_address(superuser):
    EmailAddress.objects.create(
        user=superuser, email="chief.private@example.jp", verified=True, primary=False
    )
    return superuser


@pytest.mark.parametrize("address", ["primary", "second"])
@pytest.mark.parametrize("kind", ["committee_member", "company_staff"])
def test_an_invitation_to_a_superusers_address_cannot_set_a_password(
    client, staff, superuser_with_second_address, company, address, kind
):
    superuser = superuser_with_second_address
    email = superuser.email if address == "primary" else "chief.private@example.jp"
    client.force_login(staff)
    data = {"email": email, "kind": kind}
    if kind == "company_staff":
        data |= {"company": company.pk, "company_role": "owner"}
    client.post(f"{ADMIN}accounts/invitation/add/", data)
    invitation = Invitation.objects.get(email=email)
    # City staff see the link in the admin; they open it without being logged in.
    link = client.get(f"{ADMIN}accounts/invitation/{invitation.pk}/change/").content.decode()
    assert invitation.get_absolute_url() in link
    client.logout()

    page = client.get(invitation.get_absolute_url())
    assert "/accounts/login/?next=" in page.content.decode()
    client.post(
        invitation.get_absolute_url(),
        {"name": "乗っ取り", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)
    assert "_auth_user_id" not in client.session
    assert list(User.objects.filter(email__iexact=email)) == (
        [superuser] if address == "primary" else []
    )
    assert not EmailAddress.objects.exclude(user=superuser).filter(email__iexact=email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_password_reset_for_a_superuser_goes_to_the_superusers_addresses_only(
    client, staff, superuser, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    # Every way to plant an address on the superuser is refused (tests above)...
    client.post(
        f"{ADMIN}account/emailaddress/add/",
        {"user": superuser.pk, "email": ATTACKER, "verified": "on"},
    )
    client.post(
        f"{ADMIN}accounts/user/{superuser.pk}/change/",
        change_form_data(superuser, email=ATTACKER),
    )
    client.logout()
    # ...so a reset asked for the attacker's address finds no account, and a reset for the
    # superuser's address is mailed there and nowhere else.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": ATTACKER})
        client.post("/accounts/password/reset/", {"email": superuser.email})
    # (allauth answers the unknown address with a mail that holds no link, so that the form
    # does not reveal which addresses have accounts.)
    reset_mails = [m for m in mail.outbox if re.search(r"/accounts/password/reset/key/", m.body)]
    assert [m.to for m in reset_mails] == [[superuser.email]]


def test_an_invitation_accepted_by_the_addressee_still_works(client, company):
    """The fix refuses only existing accounts: a new person still sets a password."""
    invitation = InvitationFactory(kind="company_staff", company=company, company_role="editor")
    client.post(
        invitation.get_absolute_url(),
        {"name": "綾瀬 次郎", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert User.objects.get(email=invitation.email).check_password(NEW_PASSWORD)


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_an_account_cannot_take_an_address_another_account_holds(
    request, client, superuser_with_second_address, ordinary, who
):
    """Two accounts behind one address would leave its password resets and logins ambiguous."""
    client.force_login(request.getfixturevalue(who))
    changed = client.post(
        f"{ADMIN}accounts/user/{ordinary.pk}/change/",
        change_form_data(ordinary, email="chief.private@example.jp"),
    )
    added = client.post(
        f"{ADMIN}accounts/user/add/",
        {
            "email": "Chief.Private@example.jp",
            "name": "x",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
    )
    for response in (changed, added):
        assert response.status_code == 200
        assert "別のアカウント" in response.content.decode()
    ordinary.refresh_from_db()
    assert ordinary.email != "chief.private@example.jp"
    assert not User.objects.filter(email__iexact="chief.private@example.jp").exists()


def test_a_changed_address_replaces_the_old_one_as_the_key_to_the_account(
    client, staff, ordinary, django_capture_on_commit_callbacks
):
    """City staff change a company owner's address (the old mailbox was closed, or is the
    wrong person's): password resets then go to the new address only, never the old one."""
    old = ordinary.email
    assert EmailAddress.objects.filter(user=ordinary, email=old, verified=True).exists()
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}accounts/user/{ordinary.pk}/change/",
        change_form_data(ordinary, email="new-address@example.jp"),
    )
    assert response.status_code == 302
    addresses = EmailAddress.objects.filter(user=ordinary)
    assert [(a.email, a.verified, a.primary) for a in addresses] == [
        ("new-address@example.jp", True, True)
    ]
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": old})
        client.post("/accounts/password/reset/", {"email": "new-address@example.jp"})
    reset_mails = [m for m in mail.outbox if re.search(r"/accounts/password/reset/key/", m.body)]
    assert [m.to for m in reset_mails] == [["new-address@example.jp"]]
