"""Factories of the talent app's people programmes (guidance, hires, ceremony, dormitories)."""

import datetime as dt

import factory
from django.utils import timezone

from talent.models import (
    CeremonyEvent,
    CeremonyRegistration,
    ChecklistItem,
    DormitoryRequest,
    GuidancePage,
    Hire,
    HireCheck,
    House,
)
from tests.companies.factories import CompanyFactory


class GuidancePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidancePage

    slug = factory.Sequence(lambda n: f"guidance-{n}")
    order = factory.Sequence(lambda n: n)
    title_ja = factory.Sequence(lambda n: f"在留カードを 見る {n}")
    body_ja = "在留カードを 見て ください。"
    title_en = factory.Sequence(lambda n: f"Check the residence card {n}")
    body_en = "Look at the residence card."


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    order = factory.Sequence(lambda n: n)
    text_ja = factory.Sequence(lambda n: f"在留資格を 確認した {n}")
    text_en = factory.Sequence(lambda n: f"Checked the status {n}")


class HireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hire

    company = factory.SubFactory(CompanyFactory)
    label = factory.Sequence(lambda n: f"T.N.{n}")


class HireCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HireCheck

    hire = factory.SubFactory(HireFactory)
    item = factory.SubFactory(ChecklistItemFactory)
    done = True


class CeremonyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CeremonyEvent

    title = factory.Sequence(lambda n: f"あやせ工場合同入社式 {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    place = "綾瀬市役所"
    capacity = 30
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at - dt.timedelta(days=7))


class CeremonyRegistrationFactory(factory.django.DjangoModelFactory):
    """Made through the factory the seat count is kept by hand (``add_registration``)."""

    class Meta:
        model = CeremonyRegistration

    event = factory.SubFactory(CeremonyEventFactory)
    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"綾瀬 太郎{n}")
    name_kana = "アヤセ タロウ"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))
    job = "機械加工"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        made = super()._create(model_class, *args, **kwargs)
        CeremonyEvent.objects.filter(pk=made.event_id).update(
            seats_taken=CeremonyRegistration.objects.filter(event_id=made.event_id).count()
        )
        made.event.refresh_from_db()
        return made


class HouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = House

    name = factory.Sequence(lambda n: f"吉岡の家{n}")
    area = "吉岡"
    address = "綾瀬市吉岡1-1"
    capacity = 6


class DormitoryRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DormitoryRequest

    company = factory.SubFactory(CompanyFactory)
    places = 2
    from_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    for_whom = "技能実習生"


def add_people_world(o: dict) -> None:
    """The people programmes of the site-wide suites' world (tests/site/world.py)."""
    o["guidance_page"] = GuidancePageFactory(slug="residence-card")
    o["guidance_draft"] = GuidancePageFactory(slug="draft-page", is_published=False)
    o["checklist_item"] = ChecklistItemFactory(asks_date=True)
    o["checklist_item_spare"] = ChecklistItemFactory()
    o["hire_a"] = HireFactory(company=o["company_a"], label="N.T.")
    HireCheckFactory(hire=o["hire_a"], item=o["checklist_item"])
    o["hire_b"] = HireFactory(company=o["company_b"], label="B.B.")
    o["ceremony_event"] = CeremonyEventFactory(title="あやせ工場合同入社式", capacity=20)
    o["ceremony_event_spare"] = CeremonyEventFactory(title="合同研修")
    o["registration_a"] = CeremonyRegistrationFactory(
        event=o["ceremony_event"], company=o["company_a"], name="綾瀬 花子"
    )
    o["registration_b"] = CeremonyRegistrationFactory(
        event=o["ceremony_event"], company=o["company_b"], name="早川 次郎"
    )
    o["house"] = HouseFactory(name="吉岡の家", capacity=6)
    o["house_spare"] = HouseFactory(name="小園のアパート", kind="apartment")
    o["dormitory_request_a"] = DormitoryRequestFactory(company=o["company_a"])
    o["dormitory_request_b"] = DormitoryRequestFactory(company=o["company_b"])
