import factory

from accounts.models import Invitation, User


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


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.jp")
    kind = Invitation.Kind.COMMITTEE_MEMBER
