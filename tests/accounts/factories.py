import base64
import hashlib
import hmac
import secrets
import struct
import time

import factory

from accounts.models import Invitation, User


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` (RFC 6238: SHA-1, 30 s, 6 digits)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def give_second_factor(user) -> str:
    """Activate an authenticator app and recovery codes for ``user``; return the app's secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
    RecoveryCodes.activate(user)
    return secret


def totp_secret(user) -> str:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.jp")
    name = factory.Sequence(lambda n: f"綾瀬 太郎{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def email_verified(obj, create, extracted, **kwargs):
        """A user who can log in has a verified address; pass email_verified=False for one who cannot yet."""
        if create and extracted is not False:
            from accounts.services import user_email_mark_verified

            user_email_mark_verified(user=obj)

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        """Staff and superusers have an authenticator app, as the portal requires of them;
        pass second_factor=False for one who has not set it up yet (True for anyone else)."""
        if create and (extracted or (extracted is None and (obj.is_staff or obj.is_superuser))):
            give_second_factor(obj)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.jp")
    kind = Invitation.Kind.COMMITTEE_MEMBER
