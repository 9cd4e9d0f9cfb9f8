"""A walk-in family gets its visitor pass on a phone at its first factory's poster; at the
second factory, reception records its visit with the pass code; the pass shows both; the
second factory's stamp rally poster stamps the pass after a right answer, and the first
factory's after a wrong answer and a right one, which enters the pass in the prize draw (two
stamps at the area day, which asks for two of its own, short of the edition's three)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openfactory import services
from openfactory.models import ExhibitorQuiz, Visit
from tests.accounts.factories import UserFactory
from tests.browser.conftest import PHONE
from tests.companies.factories import CompanyFactory, MembershipFactory
from tests.conftest import clear_test_cache
from tests.openfactory.factories import AreaDayFactory, ExhibitorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_walk_in_family_gets_a_pass_and_the_second_factory_records_its_visit(
    live_server, browser, phone_page, screenshot, client
):
    clear_test_cache()
    area_day = AreaDayFactory(date=timezone.localdate())
    first = ExhibitorFactory(area_day=area_day, company=CompanyFactory(name="綾瀬精密工業"))
    second = ExhibitorFactory(area_day=area_day, company=CompanyFactory(name="早川金属"))
    ExhibitorQuiz.objects.create(
        exhibitor=second, question="この工場で曲げている金属は？", choices="紙\nアルミ", answer=2
    )
    ExhibitorQuiz.objects.create(
        exhibitor=first, question="この工場で作っているものは？", choices="ねじ\nばね", answer=2
    )
    # Three stamps in all enter the prize draw, or two at this area day's factories (its own
    # number, as a small area's may be).
    area_day.edition.stamps_for_draw = 3
    area_day.edition.save()
    area_day.stamps_for_draw = 2
    area_day.save()
    day_label = f"{area_day.area.display_name}({area_day.date:%-m/%-d})"
    staff_member = UserFactory()
    MembershipFactory(user=staff_member, company=second.company, role="editor")
    client.force_login(staff_member)
    session = client.cookies["sessionid"].value

    # The family scans the poster at the first factory's gate.
    family = phone_page
    family.goto(f"{live_server.url}/openfactory/passes/at/{first.pk}/")
    expect(family.get_by_role("heading", level=1)).to_have_text("来場パス")
    expect(family.get_by_text("綾瀬精密工業")).to_be_visible()
    family.get_by_label("大人").fill("2")
    family.get_by_label("子ども").fill("1")
    family.get_by_label("郵便番号（任意）").fill("２５２－１１９２")
    assert_fits_the_phone(family)
    screenshot(family, "1-poster")
    family.get_by_role("button", name="来場パスを発行する").click()
    expect(family.get_by_role("heading", level=1)).to_have_text("あなたの来場パス")
    code = family.locator("#pass-code").inner_text()
    assert len(code) == 8
    expect(family.locator(".pass-visits li")).to_have_count(1)
    expect(family.locator(".pass-visits")).to_contain_text("綾瀬精密工業")
    expect(family.get_by_alt_text(f"来場パス {code} のQRコード")).to_be_visible()
    assert_fits_the_phone(family)
    screenshot(family, "2-pass")

    # At the second factory, reception types the code the family shows.
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **PHONE)
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    reception = context.new_page()
    reception.goto(f"{live_server.url}/openfactory/reception/{second.pk}/")
    expect(reception.get_by_role("heading", level=1)).to_contain_text("早川金属")
    reception.get_by_label("来場パスをお持ちの方：この工場への来場を記録").fill(
        f"{code[:4].lower()}-{code[4:]}"
    )
    reception.get_by_role("button", name="来場を記録").click()
    expect(reception.get_by_text(f"来場を記録しました：来場パス {code}（3人）")).to_be_visible()
    expect(reception.locator(".pass-visit-list")).to_contain_text(code)
    assert_fits_the_phone(reception)
    screenshot(reception, "3-reception")
    context.close()

    # The family's pass shows both factories, in the order they were visited.
    family.reload()
    visits = family.locator(".pass-visits li")
    expect(visits).to_have_count(2)
    expect(visits.nth(0)).to_contain_text("綾瀬精密工業")
    expect(visits.nth(1)).to_contain_text("早川金属")
    expect(family.get_by_role("heading", name="訪れた工場：2件")).to_be_visible()
    screenshot(family, "4-pass-two-factories")
    assert Visit.objects.filter(visitor_pass__code=code).count() == 2

    # The second factory's stamp rally poster: the right answer stamps the pass.
    family.goto(f"{live_server.url}/openfactory/stamps/{services.poster_code(second)}/")
    expect(family.get_by_role("group", name="この工場で曲げている金属は？")).to_be_visible()
    family.get_by_label("アルミ").check()
    family.get_by_role("button", name="回答").click()
    expect(family.get_by_text("正解です！早川金属のスタンプがパスに押されました。")).to_be_visible()
    expect(family.locator(".stamp-list")).to_contain_text("早川金属")
    expect(family.locator("#stamp-count")).to_have_text("抽選まで：3個中1個")
    expect(family.locator("#stamp-count-days")).to_have_text(f"{day_label}：2個中1個")
    assert_fits_the_phone(family)
    screenshot(family, "5-stamp")

    # Back at the first factory's poster: a wrong answer first, then the right one; two
    # stamps of this area day enter the pass in the prize draw, one short of the edition's.
    family.goto(f"{live_server.url}/openfactory/stamps/{services.poster_code(first)}/")
    family.get_by_label("ねじ").check()
    family.get_by_role("button", name="回答").click()
    expect(family.get_by_text("残念、不正解です。")).to_be_visible()
    family.get_by_label("ばね").check()
    family.get_by_role("button", name="回答").click()
    expect(
        family.get_by_text("正解です！綾瀬精密工業のスタンプがパスに押されました。")
    ).to_be_visible()
    expect(family.locator("#stamp-count")).to_have_text("抽選まで：3個中2個")
    expect(family.locator("#stamp-count-days")).to_have_text(f"{day_label}：2個中2個")
    expect(family.locator("#prize-draw")).to_contain_text("抽選の対象です")
    screenshot(family, "6-entered-in-the-draw")

    # Reopening the site later, the family finds its pass on the front page.
    family.goto(f"{live_server.url}/openfactory/")
    family.get_by_role("link", name=f"来場パス {code}", exact=False).click()
    expect(family.locator("#pass-code")).to_have_text(code)
