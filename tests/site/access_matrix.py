"""The write matrix of the project-wide URLs: home, language, accounts (allauth), the admin site's
own pages and the admins of Django's and allauth's models. See tests/site/matrix.py."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.site.matrix import (
    E403,
    E404,
    E405,
    LOGIN,
    OK,
    PAGE,
    REDIRECT,
    REFUSED,
    AdminModel,
    Op,
    Outcome,
    ReadOnly,
    Write,
    admin_roles,
    roles,
)
from tests.site.world import PASSWORD

NEW_PASSWORD = "Ayase-factory-2026-spring"


def url(name, *args):
    return lambda w: reverse(name, args=args)


def _confirm_email_key(w):
    from allauth.account.models import EmailConfirmationHMAC

    return EmailConfirmationHMAC(w.unverified_address).key


def _reset_key(w):
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return user_pk_to_url_str(w.plain_user), default_token_generator.make_token(w.plain_user)


def _emails_of(attribute):
    """The account's row and its addresses: what finding 1 says city staff must not change."""

    def watch(w):
        from allauth.account.models import EmailAddress

        from accounts.models import User

        user = getattr(w, attribute)
        return [User.objects.filter(pk=user.pk), EmailAddress.objects.filter(user=user)]

    return watch


REAUTH = Outcome("REAUTH", 302, changes=False, redirect_to="account_reauthenticate")
TO_PASSWORD_PAGE = Outcome(
    "TO_PASSWORD_PAGE", 302, changes=False, redirect_to="account_change_password"
)

# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    # Pages that change nothing.
    ReadOnly("home", url("home")),
    ReadOnly("about", url("about")),
    ReadOnly("healthz", url("healthz")),
    ReadOnly("metrics", url("metrics")),
    ReadOnly("sitemap", url("sitemap")),
    ReadOnly("robots_txt", url("robots_txt")),
    ReadOnly("web_manifest", url("web_manifest")),
    ReadOnly("talent:index", url("talent:index")),
    ReadOnly("account_inactive", url("account_inactive")),
    ReadOnly("account_email_verification_sent", url("account_email_verification_sent")),
    ReadOnly("account_reset_password_done", url("account_reset_password_done")),
    ReadOnly("account_reset_password_from_key_done", url("account_reset_password_from_key_done")),
    Write(
        "set_language",
        url("set_language"),
        data=lambda w: {"language": "en", "next": "/"},
        expect=roles(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    # Signing in records the time of the sign-in on the account.
    Write(
        "account_login",
        url("account_login"),
        data=lambda w: {"login": w.plain_user.email, "password": PASSWORD},
        expect=roles(OK,       REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    Write(
        "account_logout",
        url("account_logout"),
        expect=roles(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    Write(
        "account_signup",
        url("account_signup"),
        data=lambda w: {
            "email": "newcomer@example.jp",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        expect=roles(OK,       REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    Write(
        "account_reauthenticate",
        url("account_reauthenticate"),
        data=lambda w: {"password": PASSWORD},
        expect=roles(LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    Write(
        "account_request_reauthentication_code",
        url("account_request_reauthentication_code"),
        expect=roles(LOGIN,    PAGE,     PAGE,     PAGE,     PAGE,     PAGE,     PAGE,     PAGE),
    ),
    Write(
        "account_confirm_reauthentication_code",
        url("account_confirm_reauthentication_code"),
        data=lambda w: {"code": "ABCDEF"},
        expect=roles(LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    # allauth adds no address to an account with a second factor (staff always have one):
    # the page says so, and an address is a key to the account's password resets.
    Write(
        "account_email",
        url("account_email"),
        data=lambda w: {"action_add": "", "email": "second-address@example.jp"},
        expect=roles(LOGIN,    OK,       OK,       OK,       OK,       OK,       PAGE,     PAGE),
    ),
    Write(
        "account_change_password",
        url("account_change_password"),
        data=lambda w: {
            "oldpassword": PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        expect=roles(LOGIN,    OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    # Every role has a password: the "set" page sends them to "change".
    Write(
        "account_set_password",
        url("account_set_password"),
        data=lambda w: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        expect=roles(LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    Write(
        "account_reset_password",
        url("account_reset_password"),
        data=lambda w: {"email": w.plain_user.email},
        expect=roles(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    Write(
        "account_confirm_login_code",
        url("account_confirm_login_code"),
        data=lambda w: {"code": "ABCDEF"},
        expect=roles(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    # The key in the mail is the proof: whoever holds it confirms the address.
    Write(
        "account_confirm_email",
        lambda w: reverse("account_confirm_email", args=[_confirm_email_key(w)]),
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    # The link in the mail keeps its key in the session, then the new password is posted.
    Write(
        "account_reset_password_from_key",
        lambda w: reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": _reset_key(w)[0], "key": "set-password"},
        ),
        prepare=lambda w, client: client.get(
            reverse(
                "account_reset_password_from_key",
                kwargs=dict(zip(("uidb36", "key"), _reset_key(w), strict=True)),
            )
        ),
        data=lambda w: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    # The second factor (allauth.mfa): staff and superusers have an authenticator app.
    ReadOnly("mfa_index", url("mfa_index")),
    ReadOnly("mfa_view_recovery_codes", url("mfa_view_recovery_codes")),
    # Changing a second factor first asks for the password again (allauth's reauthentication).
    Write(
        "mfa_download_recovery_codes",
        url("mfa_download_recovery_codes"),
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     REAUTH,   REAUTH),
    ),
    Write(
        "mfa_activate_totp",
        url("mfa_activate_totp"),
        data=lambda w: {"code": "000000"},
        expect=roles(LOGIN,    REAUTH,   REAUTH,   REAUTH,   REAUTH,   REAUTH,   REAUTH,   REAUTH),
    ),
    # Only those with an app can switch it off, after the password; staff never (their
    # second factor is kept: tests/accounts/test_second_factor.py).
    Write(
        "mfa_deactivate_totp",
        url("mfa_deactivate_totp"),
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     REAUTH,   REAUTH),
    ),
    Write(
        "mfa_generate_recovery_codes",
        url("mfa_generate_recovery_codes"),
        expect=roles(LOGIN,    REAUTH,   REAUTH,   REAUTH,   REAUTH,   REAUTH,   REAUTH,   REAUTH),
    ),
    # The code step of a login: without a login in progress there is nothing to complete.
    Write(
        "mfa_authenticate",
        url("mfa_authenticate"),
        data=lambda w: {"code": "000000"},
        expect=roles(LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ),
    # Confirming with a code is for those with an app; a wrong code is answered on the page.
    Write(
        "mfa_reauthenticate",
        url("mfa_reauthenticate"),
        data=lambda w: {"code": "000000"},
        expect=roles(LOGIN,    REAUTH,   REAUTH,   REAUTH,   REAUTH,   REAUTH,   PAGE,     PAGE),
    ),
    # Public uploads (logos, programme photos), streamed from the storage.
    ReadOnly("media", lambda w: "/media/no-such-file.jpg"),
    # A superuser resets a lost second factor; city staff have no right here.
    AdminModel(
        "accounts.secondfactor",
        target="second_factor",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=E403, superuser=OK),
        actions={"delete_selected": Op(staff=E403, superuser=OK)},
    ),
    # The admin site's own pages.
    ReadOnly("admin:index", url("admin:index")),
    ReadOnly("admin:password_change_done", url("admin:password_change_done")),
    ReadOnly("admin:autocomplete", url("admin:autocomplete")),
    ReadOnly("admin:jsi18n", url("admin:jsi18n")),
    ReadOnly("admin:app_list", url("admin:app_list", "companies")),
    ReadOnly("admin:(?P<url>.*)$", lambda w: reverse("admin:index") + "no-such-page/"),
    ReadOnly(
        "admin:view_on_site",
        lambda w: reverse(
            "admin:view_on_site",
            args=[ContentType.objects.get_for_model(w.company_a).pk, w.company_a.pk],
        ),
    ),
    # Everyone signs in through allauth; the admin's login page checks no password (a post
    # from someone signed in is refused: it would be an unthrottled password check).
    Write(
        "admin:login",
        url("admin:login"),
        data=lambda w: {"username": w.plain_user.email, "password": PASSWORD},
        expect=roles(LOGIN,    E405,     E405,     E405,     E405,     E405,     E405,     E405),
    ),
    # Someone without the admin is sent to its index (and from there to the login).
    Write(
        "admin:logout",
        url("admin:logout"),
        expect=roles(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, PAGE,     PAGE),
    ),
    Write(
        "admin:password_change",
        url("admin:password_change"),
        data=lambda w: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        # The portal's password page asks for the current password under a rate limit.
        expect=admin_roles(staff=TO_PASSWORD_PAGE, superuser=TO_PASSWORD_PAGE),
    ),
    # Rights and sites are a superuser's business.
    AdminModel(
        "auth.group",
        target="spare_group",
        add=Op(staff=E403, superuser=OK, data=lambda w: {"name": "新しいグループ"}),
        change=Op(staff=E403, superuser=OK, data=lambda w: {"name": "予備"}),
        delete=Op(staff=E403, superuser=OK),
        actions={"delete_selected": Op(staff=E403, superuser=OK)},
    ),
    AdminModel(
        "sites.site",
        target="site",
        add=Op(staff=E403, superuser=OK, data=lambda w: {"domain": "example.org", "name": "例"}),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"name": "綾瀬ポータル"}),
        delete=Op(staff=E403, superuser=OK),
        actions={"delete_selected": Op(staff=REFUSED, superuser=OK)},
    ),
    # allauth's addresses: city staff keep people's addresses, but not those of superusers and
    # other city staff (finding 1).
    AdminModel(
        "account.emailaddress",
        target="plain_address",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"user": str(w.plain_user.pk), "email": "plain-third@example.jp"},
        ),
        change=[
            Op(staff=OK, superuser=OK, data=lambda w: {"email": "plain-new@example.jp"}),
            Op(
                staff=REFUSED,
                superuser=OK,
                target="superuser_address",
                variant="a superuser's address",
                data=lambda w: {"email": "attacker@example.com"},
                watch=_emails_of("other_superuser"),
                finding=1,
            ),
        ],
        delete=Op(staff=OK, superuser=OK),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK),
            "make_verified": Op(staff=OK, superuser=OK, target="unverified_address"),
        },
    ),
]
# fmt: on
