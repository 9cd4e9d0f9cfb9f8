"""来場パス: a pass at the poster, at the reception or with a reservation; visits recorded
against it once per factory, on the area day; what its page shows and keeps."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from openfactory import services
from openfactory.models import Reservation, Visit, VisitorPass
from openfactory.services import PassError
from tests.openfactory.factories import (
    AreaDayFactory,
    EditionFactory,
    ExhibitorFactory,
    ReservationFactory,
    SlotFactory,
)
from tests.openfactory.pass_factories import VisitFactory, VisitorPassFactory
from tests.openfactory.test_views import reserve_through_the_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(company):
    """An area day held today, with the role fixtures' company and another one."""
    area_day = AreaDayFactory(date=timezone.localdate())
    return {
        "area_day": area_day,
        "own": ExhibitorFactory(area_day=area_day, company=company),
        "other": ExhibitorFactory(area_day=area_day),
    }


def poster(exhibitor):
    return f"/openfactory/passes/at/{exhibitor.pk}/"


def reception(exhibitor, what=""):
    return f"/openfactory/reception/{exhibitor.pk}/{what}"


# --- The postcode: 市内・県内・県外 only --------------------------------------------------


@pytest.mark.parametrize(
    ("postcode", "band"),
    [
        ("252-1192", "city"),  # 綾瀬市役所
        ("２５２－１１０３", "city"),  # 全角, with a 全角 hyphen
        ("〒2521131", "city"),
        ("252-0001", "prefecture"),  # 相模原市
        ("252-1201", "prefecture"),  # beside the city's 252-11xx: the rule's own edge
        ("252-1099", "prefecture"),
        ("210-0001", "prefecture"),  # 川崎市, Kanagawa's first
        ("259-1234", "prefecture"),  # Kanagawa's last range
        ("209-9999", "outside"),
        ("260-0001", "outside"),  # 千葉市
        ("100-0001", "outside"),  # 千代田区
        ("", ""),
        ("  ", ""),
    ],
)
def test_a_postcode_gives_its_band(postcode, band):
    assert services.residence_band(postcode) == band


@pytest.mark.parametrize("postcode", ["252-119", "2521192x", "綾瀬市", "252-11922", "2 5 2"])
def test_a_postcode_that_is_not_one_is_refused_beside_its_field(postcode):
    with pytest.raises(PassError) as refused:
        services.residence_band(postcode)
    assert refused.value.field == "postcode"


# --- At the factory's poster --------------------------------------------------------------


def test_a_walk_in_family_gets_its_pass_at_the_poster_and_keeps_it_in_the_browser(client, day):
    page = client.get(poster(day["own"]))
    assert page.status_code == 200
    assert day["own"].company.name in page.content.decode()
    response = client.post(
        poster(day["own"]), {"adults": "２", "children": "1", "postcode": "２５２－１１９２"}
    )
    visitor_pass = VisitorPass.objects.get()
    assert response.status_code == 302 and response.url == visitor_pass.get_absolute_url()
    assert (visitor_pass.adults, visitor_pass.children) == (2, 1)
    assert visitor_pass.residence == "city"
    assert visitor_pass.edition == day["area_day"].edition
    # Only the band is kept: the postcode is nowhere in the row.
    assert "1192" not in str(VisitorPass.objects.values().get())
    assert list(Visit.objects.values_list("visitor_pass", "exhibitor")) == [
        (visitor_pass.pk, day["own"].pk)
    ]
    shown = client.get(visitor_pass.get_absolute_url()).content.decode()
    assert visitor_pass.code in shown and day["own"].company.name in shown
    assert 'alt="来場パス' in shown or visitor_pass.code in shown
    # The visitor reopens the site: the pass is there, and the poster says they hold one.
    assert visitor_pass.get_absolute_url() in client.get("/openfactory/").content.decode()
    again = client.get(poster(day["other"])).content.decode()
    assert 'id="pass-held"' in again and visitor_pass.get_absolute_url() in again


def test_the_poster_of_another_day_makes_no_pass_and_says_why(client, day):
    tomorrow = ExhibitorFactory(
        area_day=AreaDayFactory(
            edition=day["area_day"].edition, date=timezone.localdate() + dt.timedelta(days=1)
        )
    )
    response = client.post(poster(tomorrow), {"adults": "1", "children": "0"})
    assert response.status_code == 400
    assert "開催日" in response.content.decode()
    assert not VisitorPass.objects.exists() and not Visit.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"adults": "0", "children": "0"}, "adults"),
        ({"adults": "21", "children": "0"}, "adults"),
        ({"adults": "x", "children": "0"}, "adults"),
        ({"adults": "1", "children": "0", "postcode": "12345"}, "postcode"),
    ],
)
def test_a_bad_party_or_postcode_is_told_beside_the_field(client, day, data, field):
    response = client.post(poster(day["own"]), data)
    assert response.status_code == 400
    assert f'id="id_{field}"' in response.content.decode()
    assert response.context["form"].errors[field]
    assert not VisitorPass.objects.exists()


def test_an_unpublished_editions_poster_is_not_found(client, day):
    day["area_day"].edition.is_published = False
    day["area_day"].edition.save()
    assert client.get(poster(day["own"])).status_code == 404


def test_pass_making_is_rate_limited_per_address(client, day, settings):
    settings.OPENFACTORY_RATE_LIMIT = 2
    data = {"adults": "1", "children": "0"}
    statuses = [client.post(poster(day["own"]), data).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert VisitorPass.objects.count() == 2
    # Another address is not affected.
    assert client.post(poster(day["own"]), data, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_pass_link_that_is_not_one_is_not_found(client):
    VisitorPassFactory()
    assert client.get("/openfactory/passes/not-a-token/").status_code == 404


# --- At the reception ---------------------------------------------------------------------


def test_reception_makes_a_pass_in_a_tap_and_shows_it_to_the_visitor(client, owner, day):
    client.force_login(owner)
    response = client.post(
        reception(day["own"], "passes/new/"), {"adults": "1", "children": "2", "postcode": ""}
    )
    assert response.status_code == 302
    visitor_pass = VisitorPass.objects.get()
    assert (visitor_pass.adults, visitor_pass.children, visitor_pass.residence) == (1, 2, "")
    assert visitor_pass.created_by == owner
    visit = Visit.objects.get()
    assert (visit.exhibitor, visit.recorded_by) == (day["own"], owner)
    page = client.get(reception(day["own"])).content.decode()
    assert 'id="pass-handover"' in page and visitor_pass.code in page
    # Shown once: the next visitor's pass is not this one.
    assert 'id="pass-handover"' not in client.get(reception(day["own"])).content.decode()


def test_reception_records_a_visit_by_the_typed_code_once_per_factory(client, owner, day):
    visitor_pass = VisitorPassFactory(edition=day["area_day"].edition, code="ACDE3467")
    VisitFactory(visitor_pass=visitor_pass, exhibitor=day["other"])
    client.force_login(owner)
    typed = "ａｃｄｅ－３４６７"  # 全角, lower case, a hyphen
    response = client.post(reception(day["own"], "passes/visit/"), {"pass_code": typed})
    assert response.status_code == 302
    visit = Visit.objects.get(exhibitor=day["own"])
    assert (visit.visitor_pass, visit.recorded_by) == (visitor_pass, owner)
    page = client.get(reception(day["own"])).content.decode()
    assert "ACDE3467" in page
    # Twice: refused, and said so.
    client.post(reception(day["own"], "passes/visit/"), {"pass_code": "ACDE3467"}, follow=False)
    assert Visit.objects.filter(exhibitor=day["own"]).count() == 1
    again = client.get(reception(day["own"])).content.decode()
    assert "記録済み" in again


def test_reception_records_a_visit_from_the_scanned_pass_page_address(client, owner, day):
    visitor_pass = VisitorPassFactory(edition=day["area_day"].edition)
    client.force_login(owner)
    scanned = f"https://ayase.example.jp{visitor_pass.get_absolute_url()}"
    client.post(reception(day["own"], "passes/visit/"), {"pass_code": scanned})
    assert Visit.objects.get().visitor_pass == visitor_pass


def test_a_pass_read_by_the_camera_into_the_check_in_form_records_its_visit(client, owner, day):
    """The reception's one camera button fills the check-in code: a pass page's address there
    is the pass's visit, not an unknown reservation."""
    visitor_pass = VisitorPassFactory(edition=day["area_day"].edition)
    client.force_login(owner)
    scanned = f"https://ayase.example.jp{visitor_pass.get_absolute_url()}"
    response = client.post(reception(day["own"], "check-in/"), {"code": scanned}, follow=True)
    assert Visit.objects.get().visitor_pass == visitor_pass
    assert f"来場を記録しました：来場パス {visitor_pass.code}" in response.content.decode()


def test_a_pass_of_another_edition_or_no_pass_records_nothing(client, owner, day):
    other_edition = VisitorPassFactory(edition=EditionFactory(), code="FGHJ7789")
    client.force_login(owner)
    for code in [other_edition.code, "QQQQQQQQ", ""]:
        response = client.post(reception(day["own"], "passes/visit/"), {"pass_code": code})
        assert response.status_code == 302
    assert not Visit.objects.exists()


def test_company_staff_record_at_their_own_factory_on_its_day_only(client, owner, staff, day):
    visitor_pass = VisitorPassFactory(edition=day["area_day"].edition)
    client.force_login(owner)
    other = client.post(reception(day["other"], "passes/visit/"), {"pass_code": visitor_pass.code})
    assert other.status_code == 404
    yesterday = ExhibitorFactory(
        area_day=AreaDayFactory(
            edition=day["area_day"].edition, date=timezone.localdate() - dt.timedelta(days=1)
        ),
        company=day["own"].company,
    )
    client.post(reception(yesterday, "passes/visit/"), {"pass_code": visitor_pass.code})
    assert not Visit.objects.exists()
    # City staff correct after the day.
    client.force_login(staff)
    client.post(reception(yesterday, "passes/visit/"), {"pass_code": visitor_pass.code})
    assert Visit.objects.get().exhibitor == yesterday


def test_the_reception_page_lists_its_own_visits_only(client, owner, day):
    own = VisitFactory(exhibitor=day["own"], visitor_pass__edition=day["area_day"].edition)
    elsewhere = VisitFactory(exhibitor=day["other"], visitor_pass__edition=day["area_day"].edition)
    client.force_login(owner)
    page = client.get(reception(day["own"])).content.decode()
    assert own.visitor_pass.code in page
    assert elsewhere.visitor_pass.code not in page


# --- With a reservation -------------------------------------------------------------------


def test_a_reservation_comes_with_the_partys_pass_one_per_address_and_edition(client):
    slot = SlotFactory(seats=20)
    edition = slot.programme.exhibitor.area_day.edition
    second = SlotFactory(
        seats=20,
        programme__exhibitor__area_day__edition=edition,
        programme__exhibitor__area_day__date=timezone.localdate() + dt.timedelta(days=12),
    )
    reserve_through_the_pages(client, slot, email="family@example.jp")
    first = Reservation.objects.get()
    assert first.visitor_pass is not None
    assert (first.visitor_pass.adults, first.visitor_pass.children) == (
        first.adults,
        first.children,
    )
    page = client.get(first.get_absolute_url()).content.decode()
    assert first.visitor_pass.get_absolute_url() in page
    reserve_through_the_pages(
        client, second, email="family@example.jp", idempotency_key=uuid.uuid4().hex
    )
    assert Reservation.objects.get(slot=second).visitor_pass == first.visitor_pass
    assert VisitorPass.objects.count() == 1
    # The pass page shows no one's name or address.
    client.get("/openfactory/")  # the flash message of the last reservation, read
    shown = client.get(first.visitor_pass.get_absolute_url()).content.decode()
    assert first.name not in shown and first.email not in shown


def test_a_check_in_is_the_passs_visit_and_its_undo_takes_it_back(client, owner, day):
    slot = SlotFactory(programme__exhibitor=day["own"], seats=10)
    visitor_pass = VisitorPassFactory(edition=day["area_day"].edition)
    reservation = ReservationFactory(slot=slot, visitor_pass=visitor_pass)
    services.reservation_check_in(exhibitor_id=day["own"].pk, code=reservation.code)
    visit = Visit.objects.get()
    assert (visit.visitor_pass, visit.exhibitor) == (visitor_pass, day["own"])
    services.reservation_check_in_undo(exhibitor_id=day["own"].pk, reservation_id=reservation.pk)
    assert not Visit.objects.exists()


def test_a_visit_recorded_by_code_stays_when_a_check_in_is_undone(owner, day):
    slot = SlotFactory(programme__exhibitor=day["own"], seats=10)
    visitor_pass = VisitorPassFactory(edition=day["area_day"].edition)
    reservation = ReservationFactory(slot=slot, visitor_pass=visitor_pass)
    services.visit_record(exhibitor_id=day["own"].pk, code=visitor_pass.code, recorded_by=owner)
    services.reservation_check_in(exhibitor_id=day["own"].pk, code=reservation.code)
    services.reservation_check_in_undo(exhibitor_id=day["own"].pk, reservation_id=reservation.pk)
    assert Visit.objects.get().recorded_by == owner


def test_the_database_keeps_one_visit_per_pass_and_factory(day):
    visit = VisitFactory(exhibitor=day["own"], visitor_pass__edition=day["area_day"].edition)
    with pytest.raises(PassError):
        services.visit_record(exhibitor_id=day["own"].pk, code=visit.visitor_pass.code)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            visitor_pass=visit.visitor_pass, exhibitor=day["own"], visited_at=timezone.now()
        )
