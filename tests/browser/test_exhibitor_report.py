"""A company's owner, on a phone, opens its report after the area day from its programmes page:
its figures beside the area's average, a visitor's comment and its own answers to the
exhibitors' survey."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openfactory.models import Reservation, Survey, Visit
from openfactory.surveys import services as survey_services
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.openfactory.factories import (
    AreaDayFactory,
    ExhibitorFactory,
    ReservationFactory,
    SlotFactory,
)
from tests.openfactory.pass_factories import VisitorPassFactory
from tests.openfactory.survey_factories import exhibitors_survey, full_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_company_opens_its_report_after_the_day_on_a_phone(
    live_server, phone_page, screenshot, owner, company
):
    area_day = AreaDayFactory(date=timezone.localdate() - dt.timedelta(days=3))
    own = ExhibitorFactory(area_day=area_day, company=company)
    ExhibitorFactory(area_day=area_day)
    ExhibitorFactory(area_day=area_day)  # three: an average of two would give one away
    slot = SlotFactory(programme__exhibitor=own, programme__title="旋盤の見学")
    ReservationFactory(slot=slot, status=Reservation.Status.ATTENDED, adults=2, children=2)
    moment = timezone.make_aware(dt.datetime.combine(area_day.date, dt.time(11)))
    Visit.objects.create(
        visitor_pass=VisitorPassFactory(edition=area_day.edition), exhibitor=own, visited_at=moment
    )
    survey = full_survey(
        edition=area_day.edition,
        area_day=area_day,
        audience=Survey.Audience.VISITORS,
        results_published=True,
    )
    survey_services.response_submit(
        survey=survey,
        answers={survey.q["rating"].pk: {"number": 5}, survey.q["text"].pk: {"text": "また来ます"}},
        browser_key="family",
        venue=own,
    )
    # The company's own answers to the exhibitors' survey.
    ours = exhibitors_survey(edition=area_day.edition, area_day=area_day)
    survey_services.response_submit(
        survey=ours,
        answers={
            ours.q["visitors"].pk: {"number": 80},
            ours.q["worked"].pk: {"text": "旋盤の実演が好評"},
        },
        venue=own,
        company=company,
    )

    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, owner, PASSWORD)
    page.goto(live_server.url + f"/openfactory/manage/{own.pk}/")
    page.get_by_role("link", name="当日の報告").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(company.name)
    own_row = page.locator('tr[data-row="own"]')
    expect(own_row.locator('[data-figure="visits"]')).to_have_text("4")
    expect(own_row.locator('[data-figure="parties"]')).to_have_text("1")
    expect(own_row.locator('[data-figure="satisfaction"]')).to_have_text("5.0")
    expect(page.locator('tr[data-row="average"] [data-figure="visits"]')).to_have_text("1.3")
    expect(page.locator(".report-comments")).to_contain_text("また来ます")
    expect(page.locator(".report-answers")).to_contain_text("旋盤の実演が好評")
    expect(page.locator(".report-answers")).to_contain_text("80")
    screenshot(page, "exhibitor-report")
