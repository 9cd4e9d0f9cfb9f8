"""The write matrix of accounts: invitations and the admin of users. See tests/site/matrix.py.

Finding 1 of issue 8: city staff hold ``change_user``, but only a superuser changes a
superuser's or another city staff user's password, address, addresses or active flag.
"""

from django.urls import reverse

from tests.site.access_matrix import NEW_PASSWORD, _emails_of
from tests.site.matrix import (
    E403,
    OK,
    REFUSED,
    AdminModel,
    Op,
    Write,
    admin_roles,
    roles,
)


def _password_page(attribute):
    return lambda w: reverse("admin:auth_user_password_change", args=[getattr(w, attribute).pk])


def _take_over(w):
    """What an attacker posts to a user's change page: another address, account switched off."""
    return {"email": "attacker@example.com", "is_active": None}


# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    # The invitee makes an account; a signed-in person may accept only an invitation to
    # their own address.
    Write(
        "accounts:invitation_accept",
        lambda w: reverse("accounts:invitation_accept", args=[w.invitation.key]),
        data=lambda w: {"name": "新人 一郎", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        expect=roles(OK,       E403,     E403,     E403,     E403,     E403,     E403,     E403),
    ),
    AdminModel(
        "accounts.user",
        target="plain_user",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "email": "made-by-staff@example.jp",
                "name": "新規 花子",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        ),
        change=[
            Op(
                staff=OK,
                superuser=OK,
                data=lambda w: {"name": "綾瀬 次郎", "email": "plain-renamed@example.jp"},
            ),
            Op(
                staff=REFUSED,
                superuser=OK,
                target="other_superuser",
                variant="a superuser",
                data=_take_over,
                watch=_emails_of("other_superuser"),
                finding=1,
            ),
            Op(
                staff=REFUSED,
                superuser=OK,
                target="other_staff",
                variant="another city staff user",
                data=_take_over,
                watch=_emails_of("other_staff"),
                finding=1,
            ),
        ],
        delete=Op(staff=E403, superuser=OK),
        actions={"delete_selected": Op(staff=REFUSED, superuser=OK)},
    ),
    Write(
        "admin:auth_user_password_change",
        _password_page("plain_user"),
        form=_password_page("plain_user"),
        data=lambda w: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        expect=admin_roles(staff=OK, superuser=OK),
    ),
    Write(
        "admin:auth_user_password_change",
        _password_page("other_superuser"),
        variant="a superuser",
        form=_password_page("other_superuser"),
        data=lambda w: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        watch=_emails_of("other_superuser"),
        finding=1,
        expect=admin_roles(staff=REFUSED, superuser=OK),
    ),
    Write(
        "admin:auth_user_password_change",
        _password_page("other_staff"),
        variant="another city staff user",
        form=_password_page("other_staff"),
        data=lambda w: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        watch=_emails_of("other_staff"),
        finding=1,
        expect=admin_roles(staff=REFUSED, superuser=OK),
    ),
    AdminModel(
        "accounts.invitation",
        target="invitation",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"email": "invitee-new@example.jp", "kind": "committee_member"},
        ),
        change=Op(staff=OK, superuser=OK),
        delete=Op(staff=OK, superuser=OK),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK),
            "resend": Op(staff=OK, superuser=OK),
            "revoke": Op(staff=OK, superuser=OK),
        },
    ),
]
# fmt: on
