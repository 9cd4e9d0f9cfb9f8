"""A visitor checked in at the reception answers the after-visit survey from the mailed link."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from openfactory.models import Reservation, Response
from openfactory.surveys import services
from tests.conftest import clear_test_cache
from tests.openfactory.factories import ExhibitorFactory, ReservationFactory, SlotFactory
from tests.openfactory.survey_factories import full_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_checked_in_visitor_answers_from_the_mailed_link(
    live_server, phone_page, screenshot, settings
):
    clear_test_cache()
    settings.OPENFACTORY_SURVEY_MAIL_HOUR = 0
    survey = full_survey(area_day__date=timezone.localdate())
    venue = ExhibitorFactory(area_day=survey.area_day, company__name="綾瀬精密工業")
    visitor = ReservationFactory(
        slot=SlotFactory(programme__exhibitor=venue, programme__title="精密切削の工場見学"),
        status=Reservation.Status.ATTENDED,
        checked_in_at=timezone.now(),
    )
    for survey_id, reservation_id in services.survey_invitations_due():
        services.survey_invitation_send(survey_id=survey_id, reservation_id=reservation_id)
    (message,) = mail.outbox
    assert message.to == [visitor.email]
    path = re.search(r"https?://[^/\s]+(/openfactory/surveys/a/\S+/)", message.body).group(1)

    page = phone_page
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("ご来場アンケート")
    expect(page.get_by_text("精密切削の工場見学")).to_be_visible()
    q = survey.q
    follow_up = page.locator(f"#question-{q['why_low'].pk}")
    expect(follow_up).to_be_hidden()
    screenshot(page, "1-form")

    # Sent empty: the required rating says so beside it.
    page.get_by_role("button", name="回答を送信する").click()
    expect(page.locator(f"#question-{q['rating'].pk}")).to_contain_text(
        "この設問にお答えください。"
    )
    screenshot(page, "2-error")

    # A low rating asks why; a high one does not.
    page.locator(f'input[name="q{q["rating"].pk}"][value="1"]').check()
    expect(follow_up).to_be_visible()
    page.locator(f'input[name="q{q["rating"].pk}"][value="5"]').check()
    expect(follow_up).to_be_hidden()
    page.locator(f'input[name="q{q["residence"].pk}"][value="city"]').check()
    page.locator(f'input[name="q{q["multiple"].pk}"][value="tour"]').check()
    page.locator(f'textarea[name="q{q["text"].pk}"]').fill("子どもが旋盤に夢中でした。")
    expect(page.locator("[data-survey-progress]")).to_have_attribute("value", "4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "3-answered")
    page.get_by_role("button", name="回答を送信する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ご回答ありがとうございました")
    screenshot(page, "4-thanks")
    response = Response.objects.get()
    assert response.reservation_id == visitor.pk
    assert response.answers.get(question=q["rating"]).number == 5

    # The link answers once.
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("ご回答ありがとうございました")
    assert Response.objects.count() == 1


def test_city_staff_see_the_new_answers_counted_and_hide_a_comment(
    live_server, phone_page, screenshot, staff
):
    """On a phone, as a clerk checks between two meetings."""
    from tests.browser.conftest import log_in
    from tests.conftest import PASSWORD

    clear_test_cache()
    survey = full_survey()
    q = survey.q
    for i, rating in enumerate([5, 4, 4, 2]):
        services.response_submit(
            survey=survey,
            answers={q["rating"].pk: {"number": rating}, q["text"].pk: {"text": f"感想その{i}"}},
            browser_key=f"browser-{i}",
        )
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, staff, PASSWORD)
    page.goto(live_server.url + f"/openfactory/surveys/{survey.pk}/results/")
    fits_the_phone = "document.documentElement.scrollWidth <= window.innerWidth"
    expect(page.locator('[data-figure="responses"]')).to_have_text("4")
    expect(page.locator(f"#figure-{q['rating'].pk} [data-figure='mean']")).to_have_text("3.75")
    expect(page.locator(f"#figure-{q['rating'].pk} svg[role='img']")).to_be_visible()
    assert page.evaluate(f"() => {fits_the_phone}")
    screenshot(page, "1-results")

    # A visitor answers at the poster meanwhile: counted on the next look.
    services.response_submit(
        survey=survey, answers={q["rating"].pk: {"number": 1}}, browser_key="browser-new"
    )
    page.reload()
    expect(page.locator('[data-figure="responses"]')).to_have_text("5")

    comment = page.locator("#comments li", has_text="感想その3")
    comment.get_by_role("button", name="非表示にする").click()
    expect(page.locator("#comments li", has_text="感想その3")).to_contain_text("非表示")
    screenshot(page, "2-comment-hidden")

    # The A4 report for the committee: the figures, without the comments.
    page.get_by_role("link", name="報告書を印刷(A4)").click()
    expect(page.locator("[data-figure='mean']").first).to_have_text("3.20")
    expect(page.get_by_text("感想その")).to_have_count(0)
    screenshot(page, "3-report")

    # The edition's surveys together: the five answers counted on their area day.
    page.go_back()
    page.get_by_role("link", name="開催回のアンケートまとめ").click()
    expect(
        page.locator(f'tr[data-day="{survey.area_day.pk}"] [data-figure="responses"]')
    ).to_have_text("5")
    expect(page.locator('tr[data-day="total"] [data-figure="mean"]')).to_have_text("3.20")
    assert page.evaluate(f"() => {fits_the_phone}")
    screenshot(page, "4-edition")


def test_a_walk_in_answers_from_the_posters_address_once(live_server, phone_page, screenshot):
    clear_test_cache()
    survey = full_survey()
    venue = ExhibitorFactory(area_day=survey.area_day, company__name="早川金属")
    q = survey.q
    page = phone_page
    path = f"/openfactory/surveys/q/{survey.public_key.lower()}/{venue.pk}/"  # typed in lower case
    page.goto(live_server.url + path)
    expect(page.get_by_text("会場:早川金属")).to_be_visible()
    page.locator(f'input[name="q{q["rating"].pk}"][value="3"]').check()
    page.locator(f'input[name="q{q["exhibitor"].pk}"]').first.check()
    screenshot(page, "1-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="回答を送信する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ご回答ありがとうございました")
    response = Response.objects.get()
    assert response.venue_id == venue.pk and response.reservation_id is None

    # The same phone again: thanked, not asked twice.
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("ご回答ありがとうございました")
    assert Response.objects.count() == 1


def test_answers_given_are_still_there_after_a_reload_and_forgotten_once_sent(
    live_server, phone_page
):
    clear_test_cache()
    survey = full_survey()
    venue = ExhibitorFactory(area_day=survey.area_day)
    q = survey.q
    page = phone_page
    page.goto(live_server.url + f"/openfactory/surveys/q/{survey.public_key}/{venue.pk}/")
    page.locator(f'input[name="q{q["rating"].pk}"][value="1"]').check()
    page.locator(f'input[name="q{q["multiple"].pk}"][value="tour"]').check()
    page.locator(f'textarea[name="q{q["text"].pk}"]').fill("駐車場の案内がほしい。")
    page.reload()
    expect(page.locator(f'input[name="q{q["rating"].pk}"][value="1"]')).to_be_checked()
    expect(page.locator(f'input[name="q{q["multiple"].pk}"][value="tour"]')).to_be_checked()
    expect(page.locator(f'textarea[name="q{q["text"].pk}"]')).to_have_value(
        "駐車場の案内がほしい。"
    )
    # The low rating's follow-up question is shown again with it.
    expect(page.locator(f"#question-{q['why_low'].pk}")).to_be_visible()
    page.locator(f'[name="q{q["why_low"].pk}"]').fill("案内が少なかった。")
    page.get_by_role("button", name="回答を送信する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ご回答ありがとうございました")
    assert Response.objects.get().answers.get(question=q["text"]).text == "駐車場の案内がほしい。"
    assert page.evaluate("sessionStorage.length") == 0


def test_an_exhibitor_answers_from_the_programme_pages(
    live_server, phone_page, screenshot, editor, company
):
    from tests.browser.conftest import log_in
    from tests.conftest import PASSWORD
    from tests.openfactory.survey_factories import exhibitors_survey

    clear_test_cache()
    survey = exhibitors_survey()
    exhibit = ExhibitorFactory(area_day=survey.area_day, company=company)
    q = survey.q
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, editor, PASSWORD)
    page.goto(live_server.url + "/openfactory/manage/")
    page.get_by_role("link", name="出展企業アンケート").click()
    page.get_by_role("link", name="回答").click()
    page.locator(f'input[name="q{q["visitors"].pk}"]').fill("１２０")
    page.locator(f'input[name="q{q["next"].pk}"][value="yes"]').check()
    page.locator(f'input[name="q{q["helped"].pk}"][value="hiring"]').check()
    screenshot(page, "1-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="回答を送信する").click()
    expect(page.get_by_text("貴社の回答を受け付けました。")).to_be_visible()
    expect(page.locator(".exhibitor-surveys")).to_contain_text("回答済み")
    screenshot(page, "2-answered")
    response = Response.objects.get()
    assert (response.company_id, response.venue_id) == (company.pk, exhibit.pk)
    assert response.answers.get(question=q["visitors"]).number == 120
