"""Guidance pages in the reader's language with a switch; the per-hire checklist; the privacy
notice's rule on residence cards."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from talent import demo
from talent.models import ChecklistItem, GuidancePage, Hire, HireCheck
from tests.talent.people_factories import ChecklistItemFactory, GuidancePageFactory, HireFactory

pytestmark = pytest.mark.django_db


def test_a_guidance_page_is_in_the_readers_language_with_a_switch(client):
    page = GuidancePageFactory(
        title_ja="在留カードを 見る",
        body_ja="カードの うらも 見て ください。",
        title_en="Look at the card",
        body_en="Look at the back of the card too.",
    )
    japanese = client.get(page.get_absolute_url()).content.decode()
    assert "カードの うらも 見て ください。" in japanese
    assert "Look at the back" not in japanese
    assert 'href="?lang=en"' in japanese

    english = client.get(page.get_absolute_url() + "?lang=en").content.decode()
    assert "Look at the back of the card too." in english
    assert "カードの うらも" not in english
    assert 'lang="en"' in english and 'href="?lang=ja"' in english

    # A reader of the English site gets English first.
    client.cookies["django_language"] = "en"
    assert "Look at the back" in client.get(page.get_absolute_url()).content.decode()


def test_guidance_markup_is_sanitised_and_points_to_the_agency(client):
    page = GuidancePageFactory(body_ja="**大事**<script>alert(1)</script>[x](javascript:alert(1))")
    html = client.get(page.get_absolute_url()).content.decode()
    assert "<strong>大事</strong>" in html
    assert "<script>alert" not in html
    assert 'href="javascript' not in html
    assert "https://www.moj.go.jp/isa/" in html


def test_an_unpublished_page_is_not_found(client):
    page = GuidancePageFactory(is_published=False)
    assert client.get(page.get_absolute_url()).status_code == 404
    assert page.title_ja not in client.get(reverse("talent:guidance_list")).content.decode()


def test_demo_pages_say_they_are_to_be_checked_and_load_once(client):
    demo.load()
    demo.load()
    assert GuidancePage.objects.count() == len(demo.GUIDANCE)
    assert ChecklistItem.objects.count() == len(demo.CHECKLIST)
    page = GuidancePage.objects.get(slug="job-change")
    html = client.get(page.get_absolute_url()).content.decode()
    assert "市は まだ 確認して いません" in html
    assert "在留資格を よく わかって いない" in html


def test_a_staff_edit_survives_another_demo_load():
    demo.load()
    GuidancePage.objects.filter(slug="job-change").update(body_ja="市が確認した文章")
    demo.load()
    assert GuidancePage.objects.get(slug="job-change").body_ja == "市が確認した文章"


def hire_url(hire, name="talent:hire_detail"):
    return reverse(name, kwargs={"company": hire.company.slug, "pk": hire.pk})


def test_a_company_records_a_hire_and_ticks_items(client, owner, company):
    item = ChecklistItemFactory(text_ja="在留期間の 満了日を 確認した", asks_date=True)
    other = ChecklistItemFactory(text_ja="仕事の 内容を 確認した")
    client.force_login(owner)
    response = client.post(
        reverse("talent:hire_list", kwargs={"company": company.slug}), {"label": "Ｎ．Ｔ．"}
    )
    hire = Hire.objects.get()
    assert hire.label == "N.T." and hire.company == company
    assert response.url == hire_url(hire)
    ends = timezone.localdate() + dt.timedelta(days=365)
    client.post(hire_url(hire), {f"done_{item.pk}": "on", f"date_{item.pk}": ends.isoformat()})
    check = HireCheck.objects.get(hire=hire, item=item)
    assert check.done and check.date == ends
    assert not HireCheck.objects.filter(hire=hire, item=other).exists()
    page = client.get(hire_url(hire)).content.decode()
    assert f'name="done_{item.pk}" id="id_done_{item.pk}" checked' in page
    # Unticking keeps the row, not the tick.
    client.post(hire_url(hire), {f"date_{item.pk}": ends.isoformat()})
    assert HireCheck.objects.get(hire=hire, item=item).done is False
    # A renewed period of stay: the new date replaces the old one.
    renewed = ends + dt.timedelta(days=365)
    client.post(hire_url(hire), {f"done_{item.pk}": "on", f"date_{item.pk}": renewed.isoformat()})
    check = HireCheck.objects.get(hire=hire, item=item)
    assert check.done and check.date == renewed


def test_a_bad_date_is_named_beside_its_field_and_nothing_typed_is_lost(client, owner, company):
    item = ChecklistItemFactory(asks_date=True)
    other = ChecklistItemFactory()
    hire = HireFactory(company=company)
    client.force_login(owner)
    response = client.post(
        hire_url(hire), {f"done_{other.pk}": "on", f"date_{item.pk}": "2027-02-31"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "invalid-feedback" in html and 'value="2027-02-31"' in html
    assert f'name="done_{other.pk}" id="id_done_{other.pk}" checked' in html
    assert not HireCheck.objects.exists()


def test_an_empty_name_is_refused_beside_the_field(client, owner, company):
    client.force_login(owner)
    response = client.post(
        reverse("talent:hire_list", kwargs={"company": company.slug}),
        {"label": "  ", "note": "CAD設計"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_label"' in html and "CAD設計" in html
    assert not Hire.objects.exists()


def test_the_hire_form_and_the_privacy_notice_say_no_residence_card_is_stored(
    client, owner, company
):
    client.force_login(owner)
    form = client.get(reverse("talent:hire_list", kwargs={"company": company.slug}))
    assert "在留カードの番号や画像を保存しません" in form.content.decode()
    notice = client.get(reverse("talent:privacy")).content.decode()
    assert "在留カードの番号も画像も保存せず" in notice
    # The why: the employer checks the card itself and keeps it in its own records.
    assert "自社の記録" in notice
    field_names = {f.name for f in Hire._meta.get_fields()} | {
        f.name for f in HireCheck._meta.get_fields()
    }
    assert not any("card" in name or "residence" in name for name in field_names)


def test_the_print_page_lists_ticks_and_dates(client, owner, company):
    item = ChecklistItemFactory(text_ja="在留期間の 満了日を 確認した", asks_date=True)
    hire = HireFactory(company=company, label="N.T.")
    HireCheck.objects.create(hire=hire, item=item, done=True, date=dt.date(2027, 3, 31))
    client.force_login(owner)
    html = client.get(hire_url(hire, "talent:hire_print")).content.decode()
    assert "print.css" in html
    assert "☑" in html and "在留期間の 満了日を 確認した" in html
    assert "2027年3月31日" in html


def test_deleting_a_hire_removes_its_checklist(client, editor, company):
    hire = HireFactory(company=company)
    HireCheck.objects.create(hire=hire, item=ChecklistItemFactory(), done=True)
    client.force_login(editor)
    client.post(hire_url(hire, "talent:hire_delete"))
    assert not Hire.objects.exists() and not HireCheck.objects.exists()


def test_a_residence_card_number_typed_by_mistake_is_refused(client, owner, company):
    client.force_login(owner)
    response = client.post(
        reverse("talent:hire_list", kwargs={"company": company.slug}),
        {"label": "N.T.", "note": "カード ＡＢ１２３４５６７８ＣＤ"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_note"' in html and "在留カードの番号のようです" in html
    assert not Hire.objects.exists()
