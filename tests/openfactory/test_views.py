"""The public pages and the reservation form, as a visitor on a phone uses them."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openfactory.models import Edition, Programme, Reservation
from tests.openfactory.factories import (
    AreaDayFactory,
    EditionFactory,
    ExhibitorFactory,
    ProgrammeFactory,
    ReservationFactory,
    SlotFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

KEY = "0123456789abcdef0123456789abcdef"


def form_data(**overrides):
    data = {
        "name": "綾瀬 花子",
        "name_kana": "アヤセ ハナコ",
        "email": "hanako@example.jp",
        "phone": "090-1234-5678",
        "adults": "1",
        "children": "1",
        "accessibility_needs": "",
        "heard_from": "sns",
        "consent": "on",
        "idempotency_key": KEY,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def hidden_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))


def field_error(html: str, field: str) -> str:
    """The message shown beside a field (crispy's invalid-feedback for id_<field>)."""
    match = re.search(
        rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>(.*?)</strong>', html, flags=re.S
    )
    return match.group(1) if match else ""


def reserve_through_the_pages(client, slot, **overrides):
    """Step 1 (form) then step 2 (confirm), as the browser does."""
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    confirm = client.post(url, form_data(**overrides))
    assert confirm.status_code == 200, confirm.content.decode()
    fields = hidden_fields(confirm.content.decode())
    fields.pop("csrfmiddlewaretoken", None)
    return confirm, client.post(url, {**fields, "reserve": ""})


@pytest.fixture
def slot(db):
    return SlotFactory(seats=4, programme__title="板金でキーホルダーづくり")


def test_the_index_shows_the_current_edition_and_its_area_days(client, slot):
    area_day = slot.programme.exhibitor.area_day
    body = client.get("/openfactory/").content.decode()
    assert str(area_day.edition) in body
    assert f"{area_day.area.name}エリア" in body
    assert "予約受付中" in body


def test_the_latest_edition_is_the_current_one_and_slots_come_in_time_order(client, slot):
    later = SlotFactory(
        programme=slot.programme,
        starts_at=slot.starts_at + dt.timedelta(hours=3),
        ends_at=slot.ends_at + dt.timedelta(hours=3),
    )
    earlier = SlotFactory(
        programme=slot.programme,
        starts_at=slot.starts_at - dt.timedelta(hours=1),
        ends_at=slot.ends_at - dt.timedelta(hours=1),
    )
    old = EditionFactory(year=2022, number=900, title="昔の回")
    current = slot.programme.exhibitor.area_day.edition
    body = client.get("/openfactory/").content.decode()
    assert body.index(str(current)) < body.index("過去の開催") < body.index(str(old))
    page = client.get(slot.programme.get_absolute_url()).content.decode()
    times = [
        f"{s.starts_at.astimezone(timezone.get_current_timezone()):%H:%M}〜"
        for s in (earlier, slot, later)
    ]
    assert page.index(times[0]) < page.index(times[1]) < page.index(times[2])


def test_the_edition_page_has_days_sns_links_and_ogp_tags(client, settings, slot):
    settings.SITE_URL = "https://portal.example.jp"
    edition = slot.programme.exhibitor.area_day.edition
    edition.x_url = "https://twitter.com/ayasefactory"
    edition.instagram_url = "https://www.instagram.com/ayaseopenfactory/"
    edition.save()
    body = client.get(edition.get_absolute_url()).content.decode()
    assert f'<meta property="og:title" content="{edition}">' in body
    assert (
        f'<meta property="og:url" content="https://portal.example.jp/openfactory/{edition.year}/">'
        in body
    )
    assert 'href="https://twitter.com/ayasefactory"' in body
    assert 'href="https://www.instagram.com/ayaseopenfactory/"' in body
    assert slot.programme.exhibitor.area_day.area.name in body


def test_the_area_day_page_shows_the_map_exhibitors_and_programmes(client, slot):
    area_day = slot.programme.exhibitor.area_day
    body = client.get(area_day.get_absolute_url()).content.decode()
    assert f'href="{area_day.map_url}"' in body
    assert slot.programme.exhibitor.company.name in body
    assert "板金でキーホルダーづくり" in body
    assert "残り4席" in body


def test_the_programme_page_shows_its_slots_and_seats_left(client, slot):
    ReservationFactory(slot=slot, adults=1, children=2)
    full = SlotFactory(
        programme=slot.programme,
        seats=2,
        starts_at=slot.starts_at + dt.timedelta(hours=2),
        ends_at=slot.ends_at + dt.timedelta(hours=2),
    )
    ReservationFactory(slot=full, adults=1, children=1)
    body = client.get(slot.programme.get_absolute_url()).content.decode()
    assert "残り1席" in body
    assert "満席" in body
    assert "キャンセル待ちに登録する" in body
    assert f"/openfactory/slots/{slot.pk}/reserve/" in body


def test_a_walk_in_programme_says_no_reservation_is_needed(client):
    programme = ProgrammeFactory(admission=Programme.Admission.WALK_IN)
    body = client.get(programme.get_absolute_url()).content.decode()
    assert "予約は不要です" in body
    assert "/reserve/" not in body


def test_filters_by_area_day_kind_age_and_seats_left(client):
    edition = EditionFactory()
    day1 = AreaDayFactory(edition=edition, area__slug="yoshioka", area__name="吉岡")
    day2 = AreaDayFactory(
        edition=edition,
        area__slug="hayakawa",
        area__name="早川",
        date=day1.date + dt.timedelta(days=7),
    )
    kids = ProgrammeFactory(exhibitor__area_day=day1, title="子ども塗装体験", age_min=5, age_max=12)
    tour = ProgrammeFactory(
        exhibitor__area_day=day1, title="大人の工場見学", kind="tour", age_min=15, age_max=None
    )
    other_day = ProgrammeFactory(
        exhibitor__area_day=day2, title="別の日の体験", age_min=None, age_max=None
    )
    full = ProgrammeFactory(exhibitor__area_day=day1, title="満席の体験")
    SlotFactory(programme=kids)
    SlotFactory(programme=tour)
    SlotFactory(programme=other_day)
    ReservationFactory(slot=SlotFactory(programme=full, seats=2), adults=2, children=0)

    def titles(query):
        body = client.get(f"/openfactory/{edition.year}/programmes/?{query}").content.decode()
        return {
            t
            for t in ("子ども塗装体験", "大人の工場見学", "別の日の体験", "満席の体験")
            if t in body
        }

    assert titles("") == {"子ども塗装体験", "大人の工場見学", "別の日の体験", "満席の体験"}
    assert titles("area=yoshioka") == {"子ども塗装体験", "大人の工場見学", "満席の体験"}
    assert titles(f"date={day2.date.isoformat()}") == {"別の日の体験"}
    assert titles("kind=workshop&age=8") == {"子ども塗装体験", "別の日の体験", "満席の体験"}
    assert titles("age=16") == {"大人の工場見学", "別の日の体験"}
    assert titles("area=yoshioka&kind=workshop&seats=on") == {"子ども塗装体験"}
    # Nonsense in the filters is ignored, never a 500.
    response = client.get(
        f"/openfactory/{edition.year}/programmes/?age=abc&date=x&kind=%F0%9F%98%80&page=999"
    )
    assert response.status_code == 200


def test_unpublished_editions_are_for_city_staff_only(client, staff, slot):
    Edition.objects.update(is_published=False)
    edition = slot.programme.exhibitor.area_day.edition
    for path in (
        edition.get_absolute_url(),
        slot.programme.get_absolute_url(),
        f"/openfactory/slots/{slot.pk}/reserve/",
    ):
        assert client.get(path).status_code == 404
    client.force_login(staff)
    assert client.get(edition.get_absolute_url()).status_code == 200


def test_reserving_through_the_form_and_confirm_step(
    client, slot, django_capture_on_commit_callbacks
):
    form = client.get(f"/openfactory/slots/{slot.pk}/reserve/").content.decode()
    assert re.search(r'name="idempotency_key" value="[0-9a-f]{32}"', form)
    assert "/openfactory/privacy/" in form
    with django_capture_on_commit_callbacks(execute=True):
        confirm, done = reserve_through_the_pages(client, slot, phone="０９０−１２３４−５６７８")
    assert "予約内容の確認" in confirm.content.decode()
    assert "この内容で予約する" in confirm.content.decode()
    reservation = Reservation.objects.get()
    assert done.status_code == 302 and done.url == reservation.get_absolute_url()
    assert reservation.phone == "09012345678"
    assert reservation.language == "ja"
    page = client.get(done.url).content.decode()
    assert "予約が確定しました。hanako@example.jp にメールをお送りしました。" in page
    assert reservation.code in page
    assert 'src="data:image/svg+xml' in page
    assert len(mail.outbox) == 1


def test_nothing_is_reserved_by_the_first_step_alone(client, slot):
    client.post(f"/openfactory/slots/{slot.pk}/reserve/", form_data())
    assert not Reservation.objects.exists()


def test_a_double_submit_makes_one_reservation_and_lands_on_it(client, slot):
    _confirm, first = reserve_through_the_pages(client, slot)
    fields = {**form_data(), "join_waitlist": "False", "overlap_ok": "False", "reserve": ""}
    second = client.post(f"/openfactory/slots/{slot.pk}/reserve/", fields)
    assert Reservation.objects.count() == 1
    assert second.status_code == 302 and second.url == first.url


def test_back_from_the_confirm_step_keeps_what_was_typed(client, slot):
    data = {**form_data(name="綾瀬 次郎"), "back": ""}
    body = client.post(f"/openfactory/slots/{slot.pk}/reserve/", data).content.decode()
    assert 'value="綾瀬 次郎"' in body
    assert not Reservation.objects.exists()


def test_the_english_site_reserves_in_english_and_mails_in_english(
    client, slot, django_capture_on_commit_callbacks
):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        confirm, _done = reserve_through_the_pages(client, slot)
    assert "Reserve with these details" in confirm.content.decode()
    assert Reservation.objects.get().language == "en"
    assert mail.outbox[0].subject == "[Ayase open factory] Your reservation is confirmed"


def test_an_overlapping_reservation_is_warned_before_confirming(client, slot):
    other = SlotFactory(
        programme__exhibitor__area_day=slot.programme.exhibitor.area_day,
        programme__title="同じ時間の見学",
        starts_at=slot.starts_at + dt.timedelta(minutes=15),
        ends_at=slot.ends_at + dt.timedelta(minutes=15),
    )
    # Made in this browser: the visitor's own (test_reservation_privacy: nobody else's).
    reserve_through_the_pages(client, other, idempotency_key="9" * 32)
    confirm, done = reserve_through_the_pages(client, slot)
    body = confirm.content.decode()
    assert "この日のほかのご予約と時間が重なっています" in body
    assert "同じ時間の見学" in body
    assert hidden_fields(body)["overlap_ok"] == "True"
    # The warning was shown on the confirm step; confirming from it reserves.
    assert done.status_code == 302
    assert Reservation.objects.filter(slot=slot).count() == 1


def test_a_confirm_without_having_seen_the_overlap_shows_the_warning(client, slot):
    other = SlotFactory(
        programme__exhibitor__area_day=slot.programme.exhibitor.area_day,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
    )
    reserve_through_the_pages(client, other, idempotency_key="9" * 32)
    data = {**form_data(), "join_waitlist": "False", "overlap_ok": "False", "reserve": ""}
    body = client.post(f"/openfactory/slots/{slot.pk}/reserve/", data).content.decode()
    assert "時間が重なっています" in body
    assert not Reservation.objects.filter(slot=slot).exists()


def test_a_full_slot_offers_the_waitlist_on_the_confirm_step(client, slot):
    ReservationFactory(slot=slot, adults=2, children=2)
    confirm, done = reserve_through_the_pages(client, slot)
    body = confirm.content.decode()
    assert "お申込みの人数分の空きがありません" in body
    assert "キャンセル待ちに登録する" in body
    assert done.status_code == 302
    mine = Reservation.objects.get(email="hanako@example.jp")
    assert mine.status == Reservation.Status.WAITLISTED
    page = client.get(done.url).content.decode()
    assert "キャンセル待ちに登録しました" in page


def test_a_slot_filled_between_the_two_steps_offers_the_waitlist(client, slot):
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    confirm = client.post(url, form_data())
    fields = hidden_fields(confirm.content.decode())
    ReservationFactory(slot=slot, adults=2, children=2)
    response = client.post(url, {**fields, "reserve": ""})
    assert response.status_code == 409
    assert "この時間枠は満席です。" in response.content.decode()
    assert "キャンセル待ちに登録する" in response.content.decode()
    assert not Reservation.objects.filter(email="hanako@example.jp").exists()


def test_told_full_when_confirming_takes_no_lock_and_few_queries(client, slot):
    """In a rush most visitors who confirm find the seats gone: told at once, from the slot as
    the request read it, without reservation_create's transaction and locks."""
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    fields = hidden_fields(client.post(url, form_data()).content.decode())
    ReservationFactory(slot=slot, adults=4, children=0)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {**fields, "reserve": ""})
    assert response.status_code == 409
    assert "この時間枠は満席です。" in response.content.decode()
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) <= 3, sql  # the slot, whether this form or address reserved, other times
    assert not any("FOR UPDATE" in q or "pg_advisory" in q for q in sql)
    assert not Reservation.objects.filter(email="hanako@example.jp").exists()


def test_told_how_many_seats_are_left_when_the_party_no_longer_fits(client, slot):
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    fields = hidden_fields(client.post(url, form_data(adults="2", children="0")).content.decode())
    ReservationFactory(slot=slot, adults=3, children=0)
    response = client.post(url, {**fields, "reserve": ""})
    assert response.status_code == 409
    assert "この時間枠は残り1席です。" in response.content.decode()
    assert not Reservation.objects.filter(email="hanako@example.jp").exists()


def test_a_double_submit_for_the_last_seats_lands_on_the_reservation(client, slot):
    ReservationFactory(slot=slot, adults=2, children=0)
    _confirm, first = reserve_through_the_pages(client, slot)  # the last two seats
    assert first.status_code == 302
    fields = {**form_data(), "join_waitlist": "False", "overlap_ok": "False", "reserve": ""}
    second = client.post(f"/openfactory/slots/{slot.pk}/reserve/", fields)
    assert second.status_code == 302 and second.url == first.url
    assert Reservation.objects.filter(email="hanako@example.jp").count() == 1


def test_a_used_form_sent_again_with_another_address_is_told_so_even_when_full(client, slot):
    ReservationFactory(slot=slot, adults=2, children=0)
    _confirm, first = reserve_through_the_pages(client, slot)  # the last two seats
    assert first.status_code == 302
    same_form = {**form_data(email="jiro@example.jp"), "join_waitlist": "False", "reserve": ""}
    response = client.post(f"/openfactory/slots/{slot.pk}/reserve/", same_form)
    assert "このフォームはすでにほかの予約に使われました" in response.content.decode()
    assert not Reservation.objects.filter(email="jiro@example.jp").exists()


def test_a_second_form_for_a_slot_already_reserved_says_so_even_when_full(client, slot):
    ReservationFactory(slot=slot, adults=2, children=0)
    _confirm, first = reserve_through_the_pages(client, slot)
    assert first.status_code == 302
    other_form = {**form_data(idempotency_key="9" * 32), "join_waitlist": "False"}
    response = client.post(f"/openfactory/slots/{slot.pk}/reserve/", {**other_form, "reserve": ""})
    assert "このメールアドレスで、この時間枠はすでに予約されています。" in response.content.decode()
    assert Reservation.objects.filter(email="hanako@example.jp").count() == 1


def test_cancel_with_the_token_page(client, slot, django_capture_on_commit_callbacks):
    reservation = ReservationFactory(slot=slot, email="hanako@example.jp")
    other = ReservationFactory(slot=slot)
    assert client.get(f"/openfactory/reservations/{reservation.token}x/").status_code == 404
    assert (
        client.post(f"/openfactory/reservations/{reservation.token[:-2]}/cancel/").status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/openfactory/reservations/{reservation.token}/cancel/", follow=True
        )
    assert "予約をキャンセルしました。" in response.content.decode()
    reservation.refresh_from_db()
    other.refresh_from_db()
    assert reservation.status == "cancelled" and other.status == "confirmed"
    assert mail.outbox[0].to == ["hanako@example.jp"]
    assert client.get(f"/openfactory/reservations/{reservation.token}/cancel/").status_code == 405


def test_the_reservation_page_is_never_cached_or_indexed(client, slot):
    reservation = ReservationFactory(slot=slot)
    response = client.get(reservation.get_absolute_url())
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_requests_over_the_rate_limit_get_a_429_page(client, slot, settings):
    settings.OPENFACTORY_RATE_LIMIT = 3
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    statuses = [client.post(url, form_data(email=f"x{i}@example.jp")).status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.post(url, form_data())
    assert "アクセスが集中しています" in response.content.decode()
    assert response["Retry-After"] == str(settings.OPENFACTORY_RATE_WINDOW)
    # Another address is not affected.
    assert client.post(url, form_data(), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_my_reservations_lists_those_made_logged_in_or_to_my_address(client, visitor, slot):
    ReservationFactory(slot=slot, user=visitor, email="other@example.jp")
    ReservationFactory(slot=SlotFactory(programme__title="アドレスでの予約"), email=visitor.email)
    ReservationFactory(slot=SlotFactory(programme__title="他人の予約"))
    client.force_login(visitor)
    body = client.get("/openfactory/my/").content.decode()
    assert "板金でキーホルダーづくり" in body
    assert "アドレスでの予約" in body
    assert "他人の予約" not in body


def test_a_logged_in_visitors_reservation_is_linked_to_the_account(client, visitor, slot):
    client.force_login(visitor)
    form = client.get(f"/openfactory/slots/{slot.pk}/reserve/").content.decode()
    assert f'value="{visitor.email}"' in form
    reserve_through_the_pages(client, slot, email=visitor.email)
    assert Reservation.objects.get().user == visitor


def test_the_privacy_page_says_what_is_kept_why_and_until_when(client, settings):
    settings.OPENFACTORY_RETENTION_DAYS = 90
    body = client.get("/openfactory/privacy/").content.decode()
    assert "お預かりする情報" in body
    assert "利用目的" in body
    assert "開催日の90日後に自動で削除します" in body


# --- Bad input: a clear message beside the field, nothing stored, nothing typed lost --------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "花子😀", "お名前に絵文字や記号は使えません"),
        ("name", "あ" * 101, "100 文字以下"),
        ("name_kana", "Hanako😀", "お名前に絵文字や記号は使えません"),
        ("name_kana", "綾瀬", "カタカナかひらがな"),
        ("phone", "12345", "10桁または11桁"),
        ("phone", "０４６７ー７０ー５６１１２２２", "10桁または11桁"),
        ("email", "hanako@", "有効なメールアドレス"),
        ("adults", "0", "1人以上を入力してください"),
        ("adults", "999", "4 以下"),
        ("children", "-1", "0 以上"),
        ("adults", "two", "整数"),
        ("accessibility_needs", "車いす" * 200, "500 文字以下"),
    ],
)
def test_bad_input_is_told_beside_the_field_and_kept(client, slot, field, value, message):
    overrides = {field: value}
    if field == "adults" and value == "0":
        overrides["children"] = "0"
    response = client.post(f"/openfactory/slots/{slot.pk}/reserve/", form_data(**overrides))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in field_error(body, field), field_error(body, field) or body
    assert not Reservation.objects.exists()
    # What was typed is still there, the bad value too (escaped).
    assert 'value="綾瀬 花子"' in body or field == "name"
    assert 'value="hanako@example.jp"' in body or field == "email"


def test_full_width_digits_and_phone_numbers_are_accepted(client, slot):
    _confirm, done = reserve_through_the_pages(
        client, slot, phone="（０４６７）７０－５６１１", adults="１", children="２"
    )
    reservation = Reservation.objects.get()
    assert done.url == reservation.get_absolute_url()
    assert reservation.phone == "0467705611"
    assert (reservation.adults, reservation.children) == (1, 2)


def test_children_alone_and_missing_consent_are_refused(client, slot):
    body = client.post(
        f"/openfactory/slots/{slot.pk}/reserve/", form_data(adults="0", children="2")
    ).content.decode()
    assert "大人1人以上" in field_error(body, "adults")
    body = client.post(
        f"/openfactory/slots/{slot.pk}/reserve/", form_data(consent=None)
    ).content.decode()
    assert "同意してください" in field_error(body, "consent")
    assert not Reservation.objects.exists()


def test_a_slot_in_the_past_is_refused_with_a_message(client):
    past = SlotFactory(starts_at=in_days(-1), ends_at=in_days(-1, 11))
    page = client.get(f"/openfactory/slots/{past.pk}/reserve/").content.decode()
    assert "この時間枠はすでに終了しました。" in page
    response = client.post(f"/openfactory/slots/{past.pk}/reserve/", form_data())
    assert response.status_code == 400
    assert "この時間枠はすでに終了しました。" in response.content.decode()
    assert not Reservation.objects.exists()


def test_a_closed_edition_is_refused_with_a_message(client, slot):
    Edition.objects.update(status=Edition.Status.CLOSED)
    edition = slot.programme.exhibitor.area_day.edition
    response = client.post(f"/openfactory/slots/{slot.pk}/reserve/", form_data())
    assert f"{edition}の予約受付を終了しました。" in response.content.decode()
    assert "予約受付終了" in client.get(slot.programme.get_absolute_url()).content.decode()
    assert not Reservation.objects.exists()


def test_the_per_day_limit_is_told_beside_the_email(client, slot, settings):
    settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY = 1
    other = SlotFactory(
        programme__exhibitor__area_day=slot.programme.exhibitor.area_day,
        starts_at=slot.starts_at + dt.timedelta(hours=3),
        ends_at=slot.ends_at + dt.timedelta(hours=3),
    )
    ReservationFactory(slot=other, email="hanako@example.jp")
    body = client.post(f"/openfactory/slots/{slot.pk}/reserve/", form_data()).content.decode()
    assert "1日1件まで" in field_error(body, "email")


def test_a_tampered_idempotency_key_is_refused(client, slot):
    response = client.post(
        f"/openfactory/slots/{slot.pk}/reserve/", form_data(idempotency_key="<script>")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "もう一度送信してください" in body
    assert re.search(r'name="idempotency_key" value="[0-9a-f]{32}"', body)
    assert 'value="綾瀬 花子"' in body
    assert not Reservation.objects.exists()


def test_a_lottery_programme_takes_entries_through_the_same_form(client):
    slot = SlotFactory(
        programme__allocation=Programme.Allocation.LOTTERY,
        programme__lottery_closes_at=timezone.now() + dt.timedelta(days=2),
    )
    page = client.get(slot.programme.get_absolute_url()).content.decode()
    assert "抽選に申し込む" in page
    confirm, done = reserve_through_the_pages(client, slot)
    assert "これは抽選の申込みで" in confirm.content.decode()
    assert Reservation.objects.get().status == Reservation.Status.APPLIED
    assert "抽選の申込みを受け付けました" in client.get(done.url).content.decode()


def test_exhibitors_of_unlisted_companies_are_named_without_a_link(client):
    exhibitor = ExhibitorFactory(company__is_listed=False, company__name="非掲載工業")
    body = client.get(exhibitor.area_day.get_absolute_url()).content.decode()
    assert "非掲載工業" in body
    assert exhibitor.company.get_absolute_url() not in body


def test_a_lottery_being_drawn_takes_no_more_entries_on_its_page(client):
    slot = SlotFactory(
        programme__allocation=Programme.Allocation.LOTTERY,
        programme__lottery_closes_at=timezone.now() - dt.timedelta(hours=1),
    )
    page = client.get(slot.programme.get_absolute_url()).content.decode()
    assert "抽選に申し込む" not in page
    assert "予約受付終了" in page
    body = client.get(f"/openfactory/slots/{slot.pk}/reserve/").content.decode()
    assert "抽選の申込みは締め切りました" in body
