"""Issue 13, reach: add to calendar, share links and OGP, where it is (map links, walking
order), the other times of a full slot, and the programmes as open data."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from openfactory.maps import Point, distance_label, distance_m, map_links, walking_order
from openfactory.models import Edition, Reservation, Slot
from openfactory.services.mails import reservation_mail_send
from tests.conftest import ROLES
from tests.openfactory.factories import (
    AreaDayFactory,
    ExhibitorFactory,
    ProgrammeFactory,
    ReservationFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
SITE = "https://portal.example.jp"
EVENT_COLUMNS = Path(settings.BASE_DIR) / "openfactory" / "opendata" / "event_columns.txt"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _columns(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _event(content: bytes):
    calendar = Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


# --- Add to calendar -------------------------------------------------------------------------


@pytest.fixture
def reservation(db):
    slot = SlotFactory(
        starts_at=dt.datetime(2031, 11, 3, 10, 30, tzinfo=TOKYO),
        ends_at=dt.datetime(2031, 11, 3, 11, 15, tzinfo=TOKYO),
        programme__title="旋盤で文鎮づくり",
        programme__exhibitor__company__name="綾瀬精密工業",
        programme__exhibitor__company__address="神奈川県綾瀬市吉岡1-2-3",
        programme__exhibitor__company__latitude=Decimal("35.437000"),
        programme__exhibitor__company__longitude=Decimal("139.426000"),
        programme__exhibitor__place="第二工場",
    )
    return ReservationFactory(slot=slot, name="予約 太郎")


def test_the_calendar_file_is_one_event_at_the_slots_time_in_tokyo(client, reservation):
    response = client.get(f"/openfactory/reservations/{reservation.token}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    event = _event(response.content)
    start = event.decoded("dtstart")
    assert start == reservation.slot.starts_at
    assert str(start.tzinfo) == "Asia/Tokyo"
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("dtend") == reservation.slot.ends_at
    assert str(event["SUMMARY"]) == "旋盤で文鎮づくり（綾瀬精密工業）"
    assert str(event["LOCATION"]) == "綾瀬精密工業 第二工場 神奈川県綾瀬市吉岡1-2-3"
    page = f"{SITE}/openfactory/reservations/{reservation.token}/"
    assert page in str(event["DESCRIPTION"])  # the cancel link
    assert reservation.code in str(event["DESCRIPTION"])
    assert str(event["URL"]) == page
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("geo") is not None
    # The visitor's name and address are not in the file.
    assert "予約 太郎" not in response.content.decode()
    assert reservation.email not in response.content.decode()


def test_a_cancelled_reservations_event_says_so(client, reservation):
    reservation.status = Reservation.Status.CANCELLED
    reservation.save()
    response = client.get(f"/openfactory/reservations/{reservation.token}/calendar.ics")
    assert str(_event(response.content)["STATUS"]) == "CANCELLED"
    # and its page offers no calendar any more
    page = client.get(reservation.get_absolute_url()).content.decode()
    assert "calendar.ics" not in page


@pytest.mark.parametrize("role", ROLES)
def test_the_calendar_file_is_found_by_its_token_only(client_for_role, role, reservation):
    other = ReservationFactory(slot=reservation.slot)
    client = client_for_role(role)
    assert (
        client.get(f"/openfactory/reservations/{reservation.token}/calendar.ics").status_code == 200
    )
    for token in (reservation.token[:-1], "x" * 43, str(reservation.pk), str(other.pk), "%00"):
        response = client.get(f"/openfactory/reservations/{token}/calendar.ics")
        assert response.status_code == 404, token
    # Another visitor's token gives their event, never this one's.
    theirs = _event(client.get(f"/openfactory/reservations/{other.token}/calendar.ics").content)
    assert str(theirs["URL"]).endswith(f"/{other.token}/")
    assert reservation.token not in str(theirs["DESCRIPTION"])


def test_an_anonymised_reservation_has_no_calendar_file(client, reservation):
    Reservation.objects.filter(pk=reservation.pk).update(anonymised_at=dt.datetime.now(dt.UTC))
    assert (
        client.get(f"/openfactory/reservations/{reservation.token}/calendar.ics").status_code == 404
    )


def test_the_reservation_page_links_the_file_and_google_calendar(client, reservation):
    page = client.get(reservation.get_absolute_url()).content.decode()
    assert f"/openfactory/reservations/{reservation.token}/calendar.ics" in page
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    # 10:30 Tokyo is 01:30 UTC
    assert "dates=20311103T013000Z%2F20311103T021500Z" in page


def test_the_confirmation_mail_carries_the_event_and_the_links(reservation):
    reservation_mail_send(reservation_id=reservation.pk, kind="confirmed")
    (message,) = mail.outbox
    attachments = {name: (content, kind) for name, content, kind in message.attachments}
    content, kind = attachments["openfactory.ics"]
    assert kind.startswith("text/calendar")
    event = _event(content if isinstance(content, bytes) else content.encode())
    assert event.decoded("dtstart") == reservation.slot.starts_at
    assert f"{SITE}/openfactory/reservations/{reservation.token}/calendar.ics" in message.body
    assert "https://calendar.google.com/calendar/render?" in message.body


def test_the_cancellation_mail_offers_no_calendar(reservation):
    reservation.status = Reservation.Status.CANCELLED
    reservation.save()
    reservation_mail_send(reservation_id=reservation.pk, kind="cancelled")
    (message,) = mail.outbox
    assert "calendar.ics" not in message.body
    assert not [a for a in message.attachments if a[0].endswith(".ics")]


# --- Share links and OGP -----------------------------------------------------------------------


def _meta(html: str, prop: str) -> str:
    import re

    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    assert match, prop
    return match.group(1)


def test_a_programme_page_has_its_own_ogp_and_share_links(client):
    programme = ProgrammeFactory(title="旋盤で文鎮づくり", exhibitor__company__name="綾瀬精密工業")
    html = client.get(programme.get_absolute_url()).content.decode()
    url = f"{SITE}/openfactory/programmes/{programme.pk}/"
    title = "旋盤で文鎮づくり | 綾瀬精密工業"
    assert _meta(html, "og:title") == title
    assert _meta(html, "og:url") == url
    assert _meta(html, "twitter:title") == title
    assert _meta(html, "og:description") == programme.description
    assert _meta(html, "og:image") == f"{SITE}/static/img/og-image.png"
    assert (
        f"https://x.com/intent/post?text={quote(title, safe='')}&amp;url={quote(url, safe='')}"
        in html
    )
    assert f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}" in html
    assert f"https://line.me/R/share?text={quote(title + ' ' + url, safe='')}" in html
    assert 'data-share-url="' + url + '"' in html


def test_the_area_day_and_edition_pages_have_their_own_tags(client):
    area_day = AreaDayFactory(area__name="吉岡")
    html = client.get(area_day.get_absolute_url()).content.decode()
    assert _meta(html, "og:title").startswith("吉岡")
    assert _meta(html, "og:url") == SITE + area_day.get_absolute_url()
    assert quote(SITE + area_day.get_absolute_url(), safe="") in html
    edition_html = client.get(area_day.edition.get_absolute_url()).content.decode()
    assert _meta(edition_html, "og:title") == str(area_day.edition)
    assert _meta(edition_html, "og:url") == SITE + area_day.edition.get_absolute_url()
    assert quote(str(area_day.edition), safe="") in edition_html


# --- Where it is -------------------------------------------------------------------------------


def test_distances_and_labels():
    # 吉岡 to 綾瀬市役所, about 2.6 km apart
    metres = distance_m(Point(35.4370, 139.4260), Point(35.4375, 139.4545))
    assert 2500 < metres < 2700
    assert distance_label(349) == "350 m"
    assert distance_label(2580) == "2.6 km"


def test_walking_order_is_nearest_neighbour_from_the_start():
    start = Point(35.0, 139.0)
    stops = {
        "far": Point(35.0, 139.03),
        "near": Point(35.0, 139.01),
        "middle": Point(35.0, 139.02),
        "nowhere": None,
    }
    legs = walking_order(start, list(stops), stops.get)
    assert [leg.stop for leg in legs] == ["near", "middle", "far", "nowhere"]
    assert legs[0].metres == pytest.approx(911, abs=5)
    assert legs[1].metres == pytest.approx(911, abs=5)
    assert legs[3].metres is None


def test_map_links_are_plain_links_with_the_position():
    links = map_links(Point(35.437, 139.426), label="綾瀬精密工業")
    assert links.geo.startswith("geo:35.437000,139.426000?q=35.437000,139.426000(")
    assert "mlat=35.437000&mlon=139.426000" in links.osm
    assert links.google == "https://www.google.com/maps/search/?api=1&query=35.437000%2C139.426000"
    assert map_links(None, address="").__class__ is type(None)


def test_the_programme_page_shows_the_address_and_opens_the_map(client):
    programme = ProgrammeFactory(
        exhibitor__company__address="神奈川県綾瀬市吉岡1-2-3",
        exhibitor__company__latitude=Decimal("35.437"),
        exhibitor__company__longitude=Decimal("139.426"),
    )
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "神奈川県綾瀬市吉岡1-2-3" in html
    assert 'href="geo:35.437000,139.426000?q=' in html
    assert "https://www.openstreetmap.org/?mlat=35.437000&amp;mlon=139.426000#map=17/" in html
    # No third-party script or image.
    assert '<script src="http' not in html and '<img src="http' not in html


def test_the_area_day_lists_its_venues_in_walking_order_with_distances(client):
    area_day = AreaDayFactory(
        main_venue="吉岡地区センター",
        venue_latitude=Decimal("35.430000"),
        venue_longitude=Decimal("139.420000"),
    )
    # Entered in another order than the walk: C, A, B.
    for order, (name, lon) in enumerate(
        [("C工業", "139.440000"), ("A製作所", "139.422000"), ("B金属", "139.430000")]
    ):
        ExhibitorFactory(
            area_day=area_day,
            order=order,
            company__name=name,
            company__latitude=Decimal("35.430000"),
            company__longitude=Decimal(lon),
        )
    ExhibitorFactory(area_day=area_day, order=9, company__name="D化成")  # no position
    html = client.get(area_day.get_absolute_url()).content.decode()
    route = html.split('class="list-group list-group-numbered route-list"')[1].split("</ol>")[0]
    positions = [route.index(name) for name in ("A製作所", "B金属", "C工業", "D化成")]
    assert positions == sorted(positions)
    assert "180 m" in route  # venue → A: 0.002° of longitude at 35.43°N
    assert "720 m" in route  # A → B
    assert "910 m" in route  # B → C
    assert 'href="geo:35.430000,139.420000' in html  # the main venue


def test_a_long_walking_order_has_a_page_of_its_own(client):
    """Past a dozen factories the walk would push the programmes off the phone's screen (60
    stops are 12 KB): the day's page links to it instead, and that page lists every stop."""
    from openfactory.views.public import WALKING_ORDER_ON_THE_DAYS_PAGE as INLINE

    area_day = AreaDayFactory(
        venue_latitude=Decimal("35.430000"), venue_longitude=Decimal("139.420000")
    )
    names = [f"工場{n:02d}" for n in range(INLINE + 1)]
    for n, name in enumerate(names):  # along one street, entered backwards
        ExhibitorFactory(
            area_day=area_day,
            order=INLINE - n,
            company__name=name,
            company__latitude=Decimal("35.430000"),
            company__longitude=Decimal(f"139.{421000 + n * 1000}"),
        )
    day_page = client.get(area_day.get_absolute_url()).content.decode()
    assert 'class="list-group-item route-stop"' not in day_page
    link = f'{area_day.get_absolute_url()}walking-order/">{INLINE + 1}か所の工場を回る順<'
    assert link in day_page
    walk = client.get(f"{area_day.get_absolute_url()}walking-order/")
    assert walk.status_code == 200
    stops = walk.content.decode().split('class="list-group-item route-stop"')[1:]
    assert [next(n for n in names if n in stop) for stop in stops] == names
    # A dozen stay on the day's page.
    area_day.exhibitors.order_by("order").last().delete()  # the first on the walk
    day_page = client.get(area_day.get_absolute_url()).content.decode()
    assert day_page.count('class="list-group-item route-stop"') == INLINE
    assert "walking-order/" not in day_page


# --- When the slot is full ---------------------------------------------------------------------


def _details(**fields) -> dict:
    """A family's reservation form as sent, with ``fields`` in place of the defaults."""
    return {
        "name": "綾瀬 花子",
        "name_kana": "アヤセ ハナコ",
        "email": "family@example.jp",
        "phone": "090-1234-5678",
        "adults": "1",
        "children": "1",
        "heard_from": "website",
        "consent": "on",
        **fields,
    }


def _full_slot():
    slot = SlotFactory(seats=2)
    ReservationFactory(slot=slot, adults=2, children=0)
    Slot.objects.filter(pk=slot.pk).update(seats_taken=2)
    slot.refresh_from_db()
    return slot


def test_the_full_slots_form_and_confirm_step_offer_the_other_times(client):
    slot = _full_slot()
    assert slot.seats_left == 0
    programme = slot.programme
    later = SlotFactory(
        programme=programme,
        starts_at=slot.starts_at + dt.timedelta(hours=2),
        ends_at=slot.ends_at + dt.timedelta(hours=2),
        seats=5,
    )
    SlotFactory(  # full as well: not offered
        programme=programme,
        starts_at=slot.starts_at + dt.timedelta(hours=3),
        ends_at=slot.ends_at + dt.timedelta(hours=3),
        seats=0,
    )
    SlotFactory(starts_at=slot.starts_at, ends_at=slot.ends_at)  # another programme's
    html = client.get(f"/openfactory/slots/{slot.pk}/reserve/").content.decode()
    offered = html.split('class="card card-body mb-3 other-slots"')[1].split("</section>")[0]
    assert offered.count('class="d-flex flex-wrap align-items-center') == 1
    assert f"/openfactory/slots/{later.pk}/reserve/" in offered

    data = _details(adults="1", children="1", idempotency_key="a" * 32, next="")
    confirm = client.post(f"/openfactory/slots/{slot.pk}/reserve/", data).content.decode()
    assert "waitlist" in confirm or "キャンセル待ち" in confirm
    # The other time is a button of the confirm step's form: the details go with it.
    assert f'form="confirm-form" formaction="/openfactory/slots/{later.pk}/reserve/"' in confirm


def _later_slot_of(slot, seats=5):
    return SlotFactory(
        programme=slot.programme,
        starts_at=slot.starts_at + dt.timedelta(hours=2),
        ends_at=slot.ends_at + dt.timedelta(hours=2),
        seats=seats,
    )


def test_choosing_another_time_at_the_confirm_step_keeps_the_details(client):
    slot = _full_slot()
    later = _later_slot_of(slot)
    data = _details(
        adults="1",
        children="1",
        idempotency_key="c" * 32,
        join_waitlist="True",
        overlap_ok="False",
        switch="",
    )
    response = client.post(f"/openfactory/slots/{later.pk}/reserve/", data)
    assert response.status_code == 200
    page = response.content.decode()
    # The later time's confirm step, with what was typed for the full one; nothing reserved.
    assert "<h1>予約内容の確認</h1>" in page
    assert "綾瀬 花子" in page and "family@example.jp" in page
    assert 'name="join_waitlist" value="False"' in page
    assert not later.reservations.exists()
    data.pop("switch")
    data["join_waitlist"] = "False"
    data["reserve"] = ""
    client.post(f"/openfactory/slots/{later.pk}/reserve/", data)
    reservation = later.reservations.get()
    assert (reservation.name, reservation.status) == ("綾瀬 花子", reservation.Status.CONFIRMED)


def test_choosing_another_time_on_a_half_filled_form_carries_what_was_typed(client):
    slot = _full_slot()
    later = _later_slot_of(slot)
    response = client.post(
        f"/openfactory/slots/{later.pk}/reserve/",
        {
            "name": "綾瀬 花子",
            "email": "family@example.jp",
            "idempotency_key": "d" * 32,
            "switch": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="綾瀬 花子"' in page and 'value="family@example.jp"' in page
    # Not judged yet: no "required" message for what the visitor has not reached.
    assert "is-invalid" not in page
    assert not later.reservations.exists()


def test_no_other_time_is_offered_when_none_has_seats_for_the_party(client):
    slot = _full_slot()
    small = SlotFactory(
        programme=slot.programme,
        starts_at=slot.starts_at + dt.timedelta(hours=2),
        ends_at=slot.ends_at + dt.timedelta(hours=2),
        seats=1,
    )
    data = _details(adults="2", children="0", idempotency_key="b" * 32, next="")
    confirm = client.post(f"/openfactory/slots/{slot.pk}/reserve/", data).content.decode()
    assert f"/openfactory/slots/{small.pk}/reserve/" not in confirm
    assert "no-other-slots" in confirm


# --- Open data -------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_event_csv_has_the_kept_header_and_the_programmes_values(client):
    slot = SlotFactory(
        starts_at=dt.datetime(2031, 11, 3, 10, 30, tzinfo=TOKYO),
        ends_at=dt.datetime(2031, 11, 3, 11, 15, tzinfo=TOKYO),
        programme__title="旋盤で文鎮づくり",
        programme__fee=500,
        programme__exhibitor__company__name="綾瀬精密工業",
        programme__exhibitor__company__address="神奈川県綾瀬市吉岡1-2-3",
        programme__exhibitor__company__latitude=Decimal("35.437000"),
        programme__exhibitor__company__longitude=Decimal("139.426000"),
        programme__exhibitor__area_day__date=dt.date(2031, 11, 3),
    )
    programme = slot.programme
    ReservationFactory(slot=slot, name="予約 太郎", email="secret-visitor@example.jp")
    edition = programme.exhibitor.area_day.edition
    response = client.get(f"/openfactory/{edition.year}/events.csv")
    assert response.status_code == 200
    assert 'rel="license"' in response["Link"]
    rows = _csv(response)
    header = _columns(EVENT_COLUMNS)
    assert rows[0] == header
    assert len(header) == 28 and header[0] == "都道府県コード又は市区町村コード"
    row = dict(zip(header, rows[1], strict=True))
    assert row["都道府県コード又は市区町村コード"] == "142182"
    assert row["No"] == "1"
    assert row["市区町村名"] == "綾瀬市"
    assert row["イベント名"] == "旋盤で文鎮づくり"
    assert row["開始日"] == "2031-11-03" and row["終了日"] == "2031-11-03"
    assert (row["開始時間"], row["終了時間"]) == ("10:30", "11:15")
    assert row["料金(基本)"] == "500円"
    assert row["場所名称"] == "綾瀬精密工業"
    assert row["住所"] == "神奈川県綾瀬市吉岡1-2-3"
    assert (row["緯度"], row["経度"]) == ("35.437000", "139.426000")
    assert row["URL"] == f"{SITE}/openfactory/programmes/{programme.pk}/"
    assert "10:30〜11:15" in row["備考"]
    text = response.content.decode()
    assert "予約 太郎" not in text and "secret-visitor" not in text


def test_the_event_json_has_the_same_records_and_the_licence(client):
    programme = ProgrammeFactory(title="プレス機の見学")
    edition = programme.exhibitor.area_day.edition
    data = json.loads(client.get(f"/openfactory/{edition.year}/events.json").content)
    assert data["columns"] == _columns(EVENT_COLUMNS)
    assert data["license"]["name"] == "CC BY 4.0"
    assert data["records"][0]["イベント名"] == "プレス機の見学"
    assert list(data["records"][0]) == data["columns"]


@override_settings(OPEN_DATA_LICENSE="CC0 1.0", OPEN_DATA_LICENSE_URL="https://example.jp/cc0")
def test_the_licence_is_a_setting_shown_beside_the_links(client):
    programme = ProgrammeFactory()
    edition = programme.exhibitor.area_day.edition
    html = client.get(edition.get_absolute_url()).content.decode()
    assert f"/openfactory/{edition.year}/events.csv" in html
    assert '<a href="https://example.jp/cc0" rel="license noopener">CC0 1.0</a>' in html
    data = json.loads(client.get(f"/openfactory/{edition.year}/events.json").content)
    assert data["license"] == {"name": "CC0 1.0", "url": "https://example.jp/cc0"}


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_edition_is_no_open_data_for_anyone(client_for_role, role):
    programme = ProgrammeFactory(title="未公開の体験")
    edition = programme.exhibitor.area_day.edition
    Edition.objects.filter(pk=edition.pk).update(is_published=False)
    client = client_for_role(role)
    for suffix in ("events.csv", "events.json"):
        assert client.get(f"/openfactory/{edition.year}/{suffix}").status_code == 404
    assert client.get("/openfactory/1999/events.csv").status_code == 404
