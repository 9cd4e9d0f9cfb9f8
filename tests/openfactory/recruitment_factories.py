import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from openfactory.models import ExhibitorApplication, ExhibitorCall
from tests.companies.factories import CompanyFactory
from tests.openfactory.factories import AreaDayFactory, EditionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ExhibitorCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitorCall

    edition = factory.SubFactory(EditionFactory)
    benefits = "市内外から来場者が工場を訪れ、採用や取引のきっかけになります。"
    benefits_en = "Visitors from the city and beyond come to your factory."
    duties = "当日の受付と安全管理、事前説明会への参加をお願いします。"
    duties_en = "Run your reception and safety on the day; attend the briefing."
    deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


class ExhibitorApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitorApplication

    call = factory.SubFactory(ExhibitorCallFactory)
    company = factory.SubFactory(CompanyFactory)
    area_day = factory.LazyAttribute(lambda o: AreaDayFactory(edition=o.call.edition))
    shows = "5軸加工機による精密切削"
    programme_ideas = "工場見学と、アルミの名札づくり体験"
    contact_name = "綾瀬 太郎"
    contact_email = "taro@example.jp"


def add_recruitment_world(o: dict) -> None:
    """The edition's call (with its manual) and a company's application waiting for review (a
    company of its own: company C is for deleting, and its application would hold it)."""
    o["exhibitor_call"] = ExhibitorCallFactory(
        edition=o["edition"], manual=ContentFile(PDF, name="manual.pdf")
    )
    o["spare_exhibitor_call"] = ExhibitorCallFactory(
        edition=EditionFactory(year=2041, number=15, is_published=False)
    )
    o["company_applying"] = CompanyFactory(name="上土棚製作所", slug="kamitsuchidana-seisakusho")
    o["application_c"] = ExhibitorApplicationFactory(
        call=o["exhibitor_call"], company=o["company_applying"], area_day=o["area_day"]
    )
