import factory

from companies.models import Company, Membership
from tests.accounts.factories import UserFactory


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"綾瀬製作所{n}")
    name_kana = factory.Sequence(lambda n: f"あやせせいさくしょ{n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    summary = "精密板金加工"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.EDITOR
