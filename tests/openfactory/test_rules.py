"""Visitor rules (an edition's page, a programme's extra rules, the box on the confirm step)
and the exhibitors' accessibility facts (shown, filtered, written by their own company)."""

import pytest

from openfactory.models import Exhibitor, ExhibitorAccessibility, Reservation, VisitorRules
from openfactory.views.public import EXHIBITORS_PER_PAGE
from tests.accounts.factories import UserFactory
from tests.companies.factories import MembershipFactory
from tests.conftest import PASSWORD, ROLES
from tests.openfactory.factories import (
    AreaDayFactory,
    EditionFactory,
    ExhibitorFactory,
    ProgrammeFactory,
    SlotFactory,
)
from tests.openfactory.test_views import field_error, form_data, hidden_fields

pytestmark = pytest.mark.django_db

RULES_JA = "金属加工の工場では長ズボンと閉じた靴でお越しください。\n\n10人以上の団体は事前にご相談ください。"
RULES_EN = "Wear long trousers and closed shoes at metalworking factories."
EXTRA_JA = "切削機の近くを通ります。サンダル不可。"
EXTRA_EN = "The tour passes the cutting machines: no sandals."


@pytest.fixture
def edition(db):
    return EditionFactory()


@pytest.fixture
def rules(edition):
    return VisitorRules.objects.create(edition=edition, body=RULES_JA, body_en=RULES_EN)


@pytest.fixture
def slot(edition):
    return SlotFactory(
        seats=4,
        programme__title="精密切削の工場見学",
        programme__exhibitor__area_day__edition=edition,
    )


def english(client):
    client.cookies["django_language"] = "en"
    return client


# --- The rules page -------------------------------------------------------------------------


def test_the_rules_page_shows_the_rules_in_japanese_and_in_english(client, rules, edition):
    url = f"/openfactory/rules/{edition.year}/"
    japanese = client.get(url).content.decode()
    assert "金属加工の工場では長ズボンと閉じた靴でお越しください。" in japanese
    assert "<p>10人以上の団体は事前にご相談ください。</p>" in japanese  # paragraphs kept
    assert RULES_EN not in japanese
    english_page = english(client).get(url).content.decode()
    assert RULES_EN in english_page and "長ズボン" not in english_page


def test_the_english_site_shows_the_japanese_rules_when_none_were_written_in_english(
    client, rules, edition
):
    rules.body_en = ""
    rules.save()
    assert "長ズボン" in english(client).get(f"/openfactory/rules/{edition.year}/").content.decode()


def test_the_rules_page_of_an_edition_without_rules_says_they_will_come(client, edition):
    response = client.get(f"/openfactory/rules/{edition.year}/")
    assert response.status_code == 200
    assert "visitor-rules" not in response.content.decode().split("<h1")[1].split("</main")[0]


def test_the_rules_of_an_unpublished_edition_are_city_staffs(client, staff, rules, edition):
    edition.is_published = False
    edition.save()
    url = f"/openfactory/rules/{edition.year}/"
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert "長ズボン" in client.get(url).content.decode()


def test_the_rules_are_linked_from_the_edition_area_day_programme_and_form(client, rules, slot):
    link = f'href="/openfactory/rules/{rules.edition.year}/"'
    area_day = slot.programme.exhibitor.area_day
    for url in (
        rules.edition.get_absolute_url(),
        area_day.get_absolute_url(),
        slot.programme.get_absolute_url(),
        f"/openfactory/slots/{slot.pk}/reserve/",
    ):
        assert link in client.get(url).content.decode(), url


def test_no_rules_link_where_there_are_no_rules(client, slot):
    body = client.get(slot.programme.get_absolute_url()).content.decode()
    assert "/openfactory/rules/" not in body


# --- Extra rules and the box on the confirm step ---------------------------------------------


def test_the_programme_page_and_the_form_show_its_extra_rules(client, slot):
    slot.programme.extra_rules, slot.programme.extra_rules_en = EXTRA_JA, EXTRA_EN
    slot.programme.save()
    assert EXTRA_JA in client.get(slot.programme.get_absolute_url()).content.decode()
    form = client.get(f"/openfactory/slots/{slot.pk}/reserve/").content.decode()
    assert EXTRA_JA in form
    assert EXTRA_EN in english(client).get(slot.programme.get_absolute_url()).content.decode()


@pytest.mark.parametrize("which", ["edition", "programme"])
def test_the_confirm_step_refuses_without_the_box_and_keeps_the_details(
    client, edition, slot, which
):
    if which == "edition":
        VisitorRules.objects.create(edition=edition, body=RULES_JA)
    else:
        slot.programme.extra_rules = EXTRA_JA
        slot.programme.save()
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    confirm = client.post(url, form_data(name="綾瀬 花子", accessibility_needs="車いすで伺います"))
    html = confirm.content.decode()
    assert 'name="rules_read"' in html and 'type="checkbox"' in html
    assert "注意事項を読みました" in html
    fields = hidden_fields(html)
    fields.pop("csrfmiddlewaretoken", None)

    refused = client.post(url, {**fields, "reserve": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "注意事項をお読みになり" in field_error(page, "rules_read")
    assert not Reservation.objects.exists()
    kept = hidden_fields(page)
    assert kept["name"] == "綾瀬 花子" and kept["email"] == "hanako@example.jp"
    assert kept["accessibility_needs"] == "車いすで伺います"

    done = client.post(url, {**kept, "reserve": "", "rules_read": "on"})
    assert done.status_code == 302
    reservation = Reservation.objects.get()
    assert reservation.name == "綾瀬 花子" and reservation.rules_accepted_at is not None


def test_without_rules_there_is_no_box_and_nothing_is_recorded(client, slot):
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    confirm = client.post(url, form_data())
    assert 'name="rules_read"' not in confirm.content.decode()
    fields = hidden_fields(confirm.content.decode())
    fields.pop("csrfmiddlewaretoken", None)
    assert client.post(url, {**fields, "reserve": ""}).status_code == 302
    assert Reservation.objects.get().rules_accepted_at is None


def test_the_back_button_of_the_confirm_step_still_goes_back(client, rules, slot):
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    confirm = client.post(url, form_data(name="綾瀬 次郎"))
    fields = hidden_fields(confirm.content.decode())
    back = client.post(url, {**fields, "back": ""})
    assert back.status_code == 200
    assert 'value="綾瀬 次郎"' in back.content.decode() and "Continue" not in back.content.decode()
    assert not Reservation.objects.exists()


def test_switching_to_another_time_from_a_full_confirm_step_carries_the_details(
    client, rules, slot
):
    other = SlotFactory(programme=slot.programme, seats=6)
    other.starts_at = other.starts_at.replace(hour=13)
    other.ends_at = other.starts_at.replace(hour=14)
    other.save()
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    confirm = client.post(url, form_data(adults="4", children="0"))
    fields = hidden_fields(confirm.content.decode())
    slot.seats_taken = 3  # someone else took seats meanwhile
    slot.save()
    full = client.post(url, {**fields, "reserve": ""})  # refused for the box first
    assert full.status_code == 400
    switched = client.post(
        f"/openfactory/slots/{other.pk}/reserve/", {**fields, "switch": "", "rules_read": "on"}
    )
    assert switched.status_code == 200
    assert "注意事項を読みました" in switched.content.decode()
    assert hidden_fields(switched.content.decode())["email"] == "hanako@example.jp"


# --- Accessibility: shown and filtered -------------------------------------------------------


@pytest.fixture
def day(edition):
    """Four factories: said yes, said no, said nothing (a row, all not known), no row."""
    area_day = AreaDayFactory(edition=edition)
    yes = ExhibitorFactory(area_day=area_day, company__name="段差なし工業", order=1)
    no = ExhibitorFactory(area_day=area_day, company__name="段差あり製作所", order=2)
    unknown = ExhibitorFactory(area_day=area_day, company__name="不明精工", order=3)
    none = ExhibitorFactory(area_day=area_day, company__name="未回答金属", order=4)
    ExhibitorAccessibility.objects.create(
        exhibitor=yes, step_free="yes", pushchairs="yes", quiet_hours="13:00〜14:00"
    )
    ExhibitorAccessibility.objects.create(exhibitor=no, step_free="no", pushchairs="yes")
    ExhibitorAccessibility.objects.create(exhibitor=unknown, parking="yes")
    return {"area_day": area_day, "yes": yes, "no": no, "unknown": unknown, "none": none}


def cards(html: str) -> list[str]:
    import re

    part = html.split('id="exhibitors-title"')[1]
    return re.findall(r'class="h5 mb-1">(?:<a [^>]*>)?([^<]+)<', part)


def test_the_step_free_filter_lists_exactly_the_factories_that_said_yes(client, day):
    url = day["area_day"].get_absolute_url()
    assert cards(client.get(url).content.decode()) == [
        "段差なし工業",
        "段差あり製作所",
        "不明精工",
        "未回答金属",
    ]
    assert cards(client.get(url + "?step_free=1").content.decode()) == ["段差なし工業"]
    assert cards(client.get(url + "?pushchairs=1").content.decode()) == [
        "段差なし工業",
        "段差あり製作所",
    ]
    assert cards(client.get(url + "?pushchairs=1&step_free=1").content.decode()) == ["段差なし工業"]
    assert cards(client.get(url + "?parking=1").content.decode()) == ["不明精工"]


def test_a_filter_nobody_matches_says_so_and_offers_all(client, day):
    html = client.get(day["area_day"].get_absolute_url() + "?accessible_toilet=1").content
    html = html.decode()
    assert cards(html) == []
    assert "no-matching-factories" in html


@pytest.mark.parametrize("value", ["abc", "", "0", "\x00", "1" * 500])
def test_a_wrong_filter_value_is_not_an_error(client, day, value):
    response = client.get(day["area_day"].get_absolute_url(), {"step_free": value})
    assert response.status_code == 200


def test_the_area_day_shows_each_fact_in_words_and_unknown_is_not_no(client, day):
    html = client.get(day["area_day"].get_absolute_url()).content.decode()
    html = html.split('id="exhibitors-title"')[1]  # the cards, not the walking order above
    part = html.split("段差なし工業")[1].split("段差あり製作所")[0]
    assert "段差のない入口: あり" in part and "13:00〜14:00" in part
    part = html.split("段差あり製作所")[1].split("不明精工")[0]
    assert "段差のない入口: なし" in part
    part = html.split("不明精工")[1].split("未回答金属")[0]
    assert "段差のない入口: 不明" in part and "駐車場: あり" in part


def test_the_programme_page_shows_its_factorys_accessibility(client, day):
    programme = ProgrammeFactory(exhibitor=day["yes"])
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "段差のない入口: あり" in html and "ベビーカー歓迎: あり" in html


def test_the_filtered_area_day_does_not_grow_with_exhibitors(
    client, django_assert_num_queries, day
):
    url = day["area_day"].get_absolute_url() + "?step_free=1&pushchairs=1"
    client.get(url)
    # area day, exhibitors: count, page, their programmes; every exhibitor for the walk; the
    # day's model routes
    with django_assert_num_queries(6):
        client.get(url)
    for _ in range(8):
        exhibitor = ExhibitorFactory(area_day=day["area_day"])
        ExhibitorAccessibility.objects.create(
            exhibitor=exhibitor, step_free="yes", pushchairs="yes"
        )
        ProgrammeFactory(exhibitor=exhibitor)
    with django_assert_num_queries(6):
        # The nine that have both, on pages of EXHIBITORS_PER_PAGE.
        assert len(cards(client.get(url).content.decode())) == min(9, EXHIBITORS_PER_PAGE)


# --- Accessibility: written by the company's own staff -----------------------------------------


@pytest.fixture
def own_exhibitor(company, edition):
    return ExhibitorFactory(company=company, area_day=AreaDayFactory(edition=edition))


ACCESSIBILITY_DATA = {
    "step_free": "yes",
    "accessible_toilet": "no",
    "parking": "unknown",
    "pushchairs": "yes",
    "quiet_hours": "１３:００〜１４:００",
    "note": "入口にスロープがあります。",
    "note_en": "There is a ramp at the entrance.",
}


@pytest.fixture
def other_company_staff(db):
    user = UserFactory(password=PASSWORD)
    MembershipFactory(user=user, role="owner")
    return user


@pytest.mark.parametrize("role", [*ROLES, "other_company_staff"])
def test_only_the_companys_staff_and_city_staff_write_its_accessibility(
    client, request, user_for_role, own_exhibitor, role
):
    user = (
        request.getfixturevalue("other_company_staff")
        if role == "other_company_staff"
        else user_for_role(role)
    )
    if user is not None:
        client.force_login(user)
    url = f"/openfactory/manage/{own_exhibitor.pk}/accessibility/"
    page = client.get(url)
    response = client.post(url, ACCESSIBILITY_DATA)
    saved = ExhibitorAccessibility.objects.filter(exhibitor=own_exhibitor).first()
    if role in {"owner", "editor", "staff", "superuser"}:
        assert page.status_code == 200 and response.status_code == 302
        assert saved.step_free == "yes" and saved.accessible_toilet == "no"
        assert saved.parking == "unknown" and saved.quiet_hours == "13:00〜14:00"
        assert saved.note_en == "There is a ramp at the entrance."
    elif role == "anonymous":
        assert page.status_code == 302 and "/login/" in page["Location"]
        assert saved is None
    else:
        assert page.status_code == 404 and response.status_code == 404
        assert saved is None


def test_the_accessibility_form_keeps_what_was_typed_when_refused(client, owner, own_exhibitor):
    client.force_login(owner)
    url = f"/openfactory/manage/{own_exhibitor.pk}/accessibility/"
    response = client.post(url, {**ACCESSIBILITY_DATA, "step_free": "maybe"})
    assert response.status_code == 400
    assert "入口にスロープがあります。" in response.content.decode()
    assert not ExhibitorAccessibility.objects.exists()


def test_the_manage_page_links_to_the_accessibility_form(client, owner, own_exhibitor):
    client.force_login(owner)
    html = client.get(f"/openfactory/manage/{own_exhibitor.pk}/").content.decode()
    assert f"/openfactory/manage/{own_exhibitor.pk}/accessibility/" in html


# --- The admin: city staff write the rules and the facts --------------------------------------


def test_city_staff_write_the_rules_in_the_editions_admin_page(client, staff, edition):
    client.force_login(staff)
    url = f"/admin/openfactory/edition/{edition.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="visitor_rules-0-body"' in page and 'name="visitor_rules-0-body_en"' in page
    data = {
        "number": edition.number,
        "year": edition.year,
        "title": edition.title,
        "description": edition.description,
        "status": edition.status,
        "is_published": "on",
        "area_days-TOTAL_FORMS": "0",
        "area_days-INITIAL_FORMS": "0",
        "visitor_rules-TOTAL_FORMS": "1",
        "visitor_rules-INITIAL_FORMS": "0",
        "visitor_rules-0-body": "写真撮影は各社の案内に従ってください。",
        "visitor_rules-0-body_en": "Follow each company's guidance on photography.",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    rules = VisitorRules.objects.get(edition=edition)
    assert rules.body == "写真撮影は各社の案内に従ってください。"
    assert "写真撮影は各社" in client.get(f"/openfactory/rules/{edition.year}/").content.decode()


def test_city_staff_see_the_accessibility_in_the_exhibitors_admin_page(client, staff, day):
    client.force_login(staff)
    page = client.get(f"/admin/openfactory/exhibitor/{day['yes'].pk}/change/").content.decode()
    assert 'name="accessibility-0-step_free"' in page
    assert 'name="accessibility-0-quiet_hours" value="13:00〜14:00"' in page


def test_the_companys_staff_write_a_programmes_extra_rules(client, owner, own_exhibitor):
    from tests.openfactory.test_manage import programme_data

    programme = ProgrammeFactory(exhibitor=own_exhibitor)
    client.force_login(owner)
    url = f"/openfactory/manage/programmes/{programme.pk}/"
    assert 'name="extra_rules"' in client.get(url).content.decode()
    response = client.post(url, programme_data(extra_rules=EXTRA_JA, extra_rules_en=EXTRA_EN))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.extra_rules, programme.extra_rules_en) == (EXTRA_JA, EXTRA_EN)
    client.logout()
    assert EXTRA_JA in client.get(programme.get_absolute_url()).content.decode()


def test_the_demo_has_rules_and_accessibility_marked_as_demo(client):
    from django.core.management import call_command

    call_command("load_demo", stdout=None)
    rules = VisitorRules.objects.get()
    assert rules.is_demo and "【デモ】" in rules.body and "[Demo]" in rules.body_en
    assert "金属加工" in client.get(f"/openfactory/rules/{rules.edition.year}/").content.decode()
    facts = ExhibitorAccessibility.objects.filter(exhibitor__area_day__edition=rules.edition)
    assert {fact.step_free for fact in facts} == {"yes", "no"}
    assert all("デモ" in fact.note for fact in facts if fact.note)
    # Every booth of a demo company that told its facts has them (the routes' joint booths
    # included); the one that told nothing has none.
    from openfactory.demo_rules import ACCESSIBILITY

    booths = Exhibitor.objects.filter(area_day__edition=rules.edition)
    told = booths.filter(company__slug__in=ACCESSIBILITY)
    assert facts.count() == told.count() and booths.exclude(pk__in=told).exists()
    call_command("load_demo", stdout=None)  # a second run adds nothing
    assert VisitorRules.objects.count() == 1 and facts.count() == told.count()


def test_the_reservations_admin_shows_when_the_rules_were_read(client, staff, rules, slot):
    from openfactory import services

    reservation = services.reservation_create(
        slot_id=slot.pk,
        name="綾瀬 花子",
        name_kana="アヤセ ハナコ",
        email="hanako@example.jp",
        phone="090-1234-5678",
        adults=1,
        children=0,
        rules_accepted=True,
    )
    client.force_login(staff)
    page = client.get(f"/admin/openfactory/reservation/{reservation.pk}/change/").content.decode()
    assert "注意事項の確認日時" in page and reservation.rules_accepted_at is not None
