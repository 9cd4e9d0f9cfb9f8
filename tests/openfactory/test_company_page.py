"""The open factory on the companies' pages: a company's coming programmes on its page, and
the directory's filter "exhibits at the open factory (current edition)"."""

import datetime as dt

import pytest
from django.utils import timezone

from openfactory.embeds import LIMIT
from openfactory.selectors import programmes_of_company
from tests.companies.factories import CompanyFactory
from tests.openfactory.factories import (
    AreaDayFactory,
    EditionFactory,
    ExhibitorFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def days_from_today(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def test_the_company_page_lists_its_coming_programmes_only(client, company):
    coming = ProgrammeFactory(
        exhibitor__company=company, title="旋盤の見学", exhibitor__area_day__date=days_from_today(7)
    )
    ProgrammeFactory(
        exhibitor__company=company,
        title="去年の体験",
        exhibitor__area_day__date=days_from_today(-300),
    )
    ProgrammeFactory(
        exhibitor__company=company,
        title="準備中の体験",
        exhibitor__area_day__edition=EditionFactory(is_published=False),
    )
    ProgrammeFactory(title="他社の体験")
    assert list(programmes_of_company(company)) == [coming]
    body = client.get(company.get_absolute_url()).content.decode()
    assert "オープンファクトリーでは" in body
    assert "旋盤の見学" in body and coming.get_absolute_url() in body
    for title in ("去年の体験", "準備中の体験", "他社の体験"):
        assert title not in body


def test_a_company_without_programmes_shows_no_section(client, company):
    body = client.get(company.get_absolute_url()).content.decode()
    assert "オープンファクトリーでは" not in body


def test_the_company_page_does_not_grow_with_programmes(client, company, django_assert_num_queries):
    area_day = AreaDayFactory()
    ProgrammeFactory(exhibitor__company=company, exhibitor__area_day=area_day)
    # company, latest posts, programmes
    with django_assert_num_queries(3):
        assert client.get(company.get_absolute_url()).status_code == 200
    for _ in range(LIMIT + 3):
        ProgrammeFactory(exhibitor=ExhibitorFactory(company=company))
    with django_assert_num_queries(3):
        body = client.get(company.get_absolute_url()).content.decode()
    assert body.count('class="list-group-item"') >= LIMIT
    assert "オープンファクトリーのプログラムをもっと見る" in body


def test_the_directory_filters_the_current_editions_exhibitors(client, django_assert_num_queries):
    current = EditionFactory(year=2031, number=11)
    previous = EditionFactory(year=2030, number=10)
    draft = EditionFactory(year=2032, number=12, is_published=False)
    now_exhibiting = ExhibitorFactory(
        area_day__edition=current, company__name="今年の出展社"
    ).company
    ExhibitorFactory(area_day__edition=previous, company__name="去年の出展社")
    ExhibitorFactory(area_day__edition=draft, company__name="来年の出展社")
    CompanyFactory(name="出展しない会社")
    with django_assert_num_queries(2):
        response = client.get("/companies/?open_factory=on")
    body = response.content.decode()
    assert now_exhibiting.name in body
    for name in ("去年の出展社", "来年の出展社", "出展しない会社"):
        assert name not in body
    assert "オープンファクトリーに出展(今回)" in client.get("/companies/").content.decode()
    everyone = client.get("/companies/").content.decode()
    assert "出展しない会社" in everyone and "去年の出展社" in everyone
