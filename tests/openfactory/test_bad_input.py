"""Bad input anywhere in the open factory is a 404, a 400 or a message, never a 500.

Every path parameter, query string and form field of the app's pages (and of its admin) gets
the values that broke it once: a NUL byte (a DataError on PostgreSQL), digits that
``str.isdigit`` accepts and ``int`` does not (²), numbers too large for any column, invalid
UTF-8, lone surrogates' bytes, right-to-left marks, very long strings. The test client raises
any exception a view lets through, so a 500 fails the test.
"""

import pytest

from openfactory.models import Announcement, Programme, Reservation, Slot
from tests.openfactory.factories import ReservationFactory, SlotFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "a\x00b",
    "²",
    "١٢",
    "９" * 3,
    "9" * 30,
    "-1",
    "1.5",
    "e\u0301\u202e\u200b",
    "😀",
    "<script>alert(1)</script>",
    "1' OR '1'='1",
    "x" * 100_000,
]
# The same, written into a URL by hand: %00, invalid UTF-8 and a lone surrogate's bytes.
HOSTILE_IN_URLS = ["%00", "a%00b", "%C2%B2", "%FF%FE", "%ED%A0%80", "9" * 30, "-1", "%E2%80%AE"]
BIG = "9" * 30


@pytest.fixture
def place(company):
    """The role fixtures' company exhibiting a slot that holds a reservation."""
    slot = SlotFactory(programme__exhibitor__company=company, seats=10)
    reservation = ReservationFactory(slot=slot)
    return {
        "slot": slot,
        "programme": slot.programme,
        "exhibitor": slot.programme.exhibitor,
        "area_day": slot.programme.exhibitor.area_day,
        "edition": slot.programme.exhibitor.area_day.edition,
        "reservation": reservation,
    }


def stored() -> tuple:
    return (
        Programme.objects.count(),
        Slot.objects.count(),
        Reservation.objects.count(),
        Announcement.objects.count(),
        list(Reservation.objects.values_list("status", flat=True).order_by("pk")),
    )


# --- Reservation links ---------------------------------------------------------------------


@pytest.mark.parametrize("token", [*HOSTILE_IN_URLS, "x" * 65, "abc%20def", "a.b"])
def test_a_broken_reservation_link_is_a_404(client, place, token):
    assert client.get(f"/openfactory/reservations/{token}/").status_code == 404
    assert client.post(f"/openfactory/reservations/{token}/cancel/").status_code == 404
    place["reservation"].refresh_from_db()
    assert place["reservation"].status == Reservation.Status.CONFIRMED


def test_a_nul_byte_in_the_token_is_a_404_in_the_selector_too(place):
    """Behind the URL pattern, for a caller that passes a token from elsewhere."""
    from django.http import Http404

    from openfactory import selectors

    for token in ("\x00", place["reservation"].token + "\x00", ""):
        with pytest.raises(Http404):
            selectors.reservation_for_token(token)


# --- Reception -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [*HOSTILE, "", " 1"])
def test_a_bad_reservation_number_at_reception_is_a_message(client, editor, place, value):
    client.force_login(editor)
    before = stored()
    url = f"/openfactory/reception/{place['exhibitor'].pk}/check-in/"
    for path in (url, f"{url}undo/"):
        response = client.post(path, {"reservation": value}, follow=True)
        assert response.status_code == 200
        assert response.context["messages"]
    response = client.post(url, {"code": value}, follow=True)
    assert response.status_code == 200 and response.context["messages"]
    assert stored() == before


def test_a_number_that_int_cannot_read_is_no_reservation(client, editor, place):
    """² looks like a digit to str.isdigit, and int() cannot read it."""
    from django.utils import timezone

    place["area_day"].date = timezone.localdate()  # reception counts on the area day
    place["area_day"].save()
    client.force_login(editor)
    url = f"/openfactory/reception/{place['exhibitor'].pk}/check-in/"
    body = client.post(url, {"reservation": "²"}, follow=True).content.decode()
    assert "この予約はここにはありません" in body
    client.post(url, {"reservation": str(place["reservation"].pk)})
    place["reservation"].refresh_from_db()
    assert place["reservation"].status == Reservation.Status.ATTENDED


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bad_walk_in_count_changes_nothing(client, editor, place, value):
    client.force_login(editor)
    url = f"/openfactory/reception/{place['exhibitor'].pk}/programmes/{place['programme'].pk}/walk-ins/"
    assert client.post(url, {"delta": value}).status_code == 302


# --- Every page's path parameters and query strings -----------------------------------------


def pages(place) -> list[str]:
    e, ad, p, s = place["exhibitor"], place["area_day"], place["programme"], place["slot"]
    year = place["edition"].year
    return [
        "/openfactory/",
        "/openfactory/privacy/",
        "/openfactory/my/",
        f"/openfactory/{year}/",
        f"/openfactory/{year}/programmes/",
        f"/openfactory/{year}/{ad.area.slug}/",
        f"/openfactory/{year}/statistics/",
        f"/openfactory/{year}/statistics.csv",
        f"/openfactory/{year}/reservations.csv",
        f"/openfactory/programmes/{p.pk}/",
        f"/openfactory/slots/{s.pk}/reserve/",
        "/openfactory/reception/",
        f"/openfactory/reception/{e.pk}/",
        "/openfactory/manage/",
        f"/openfactory/manage/{e.pk}/",
        f"/openfactory/manage/{e.pk}/programmes/new/",
        f"/openfactory/manage/programmes/{p.pk}/",
        f"/openfactory/manage/programmes/{p.pk}/delete/",
        f"/openfactory/manage/programmes/{p.pk}/slots/new/",
        f"/openfactory/manage/slots/{s.pk}/",
        f"/openfactory/manage/slots/{s.pk}/delete/",
        "/openfactory/announcements/",
        f"/openfactory/announcements/new/day/{ad.pk}/",
        f"/openfactory/announcements/new/slot/{s.pk}/",
        "/openfactory/statistics/",
    ]


@pytest.mark.parametrize("value", HOSTILE_IN_URLS)
def test_query_strings_of_every_page_are_ignored_or_told(client, staff, place, value):
    client.force_login(staff)
    query = "&".join(
        f"{name}={value}"
        for name in ("page", "area", "date", "kind", "age", "seats", "slot", "q", "year")
    )
    for path in pages(place):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, path


def test_numbers_in_paths_too_large_for_any_column_are_a_404(client, staff, place):
    client.force_login(staff)
    e = place["exhibitor"]
    paths = [
        f"/openfactory/{BIG}/",
        f"/openfactory/{BIG}/programmes/",
        f"/openfactory/{BIG}/statistics/",
        f"/openfactory/{BIG}/statistics.csv",
        f"/openfactory/{BIG}/reservations.csv",
        f"/openfactory/{place['edition'].year}/a%00b/",
        f"/openfactory/programmes/{BIG}/",
        f"/openfactory/slots/{BIG}/reserve/",
        f"/openfactory/reception/{BIG}/",
        f"/openfactory/reception/{BIG}/check-in/",
        f"/openfactory/reception/{e.pk}/slots/{BIG}/no-shows/",
        f"/openfactory/reception/{e.pk}/programmes/{BIG}/walk-ins/",
        f"/openfactory/manage/{BIG}/",
        f"/openfactory/manage/{BIG}/programmes/new/",
        f"/openfactory/manage/programmes/{BIG}/",
        f"/openfactory/manage/programmes/{BIG}/delete/",
        f"/openfactory/manage/programmes/{BIG}/slots/new/",
        f"/openfactory/manage/slots/{BIG}/",
        f"/openfactory/manage/slots/{BIG}/delete/",
        f"/openfactory/announcements/{BIG}/",
        f"/openfactory/announcements/new/day/{BIG}/",
        f"/openfactory/announcements/new/slot/{BIG}/",
        "/openfactory/announcements/new/a%00b/1/",
    ]
    for path in paths:
        assert client.get(path).status_code in (404, 405), path
        assert client.post(path).status_code in (404, 405), path


# --- Every form field ------------------------------------------------------------------------


def forms(place) -> dict[str, tuple[str, list[str]]]:
    e, ad, p, s = place["exhibitor"], place["area_day"], place["programme"], place["slot"]
    reservation = [
        "name",
        "name_kana",
        "email",
        "phone",
        "adults",
        "children",
        "accessibility_needs",
        "heard_from",
        "consent",
        "idempotency_key",
        "join_waitlist",
        "overlap_ok",
        "reserve",
    ]
    programme = [
        "kind",
        "title",
        "description",
        "age_min",
        "age_max",
        "duration_minutes",
        "fee",
        "admission",
        "allocation",
        "lottery_closes_at",
        "max_party_size",
        "photo_alt",
        "remove_photo",
    ]
    slot = ["starts", "ends", "seats", "reservations_close_at"]
    announcement = ["subject", "body", "subject_en", "body_en", "idempotency_key", "op"]
    return {
        "reservation": (f"/openfactory/slots/{s.pk}/reserve/", reservation),
        "programme_new": (f"/openfactory/manage/{e.pk}/programmes/new/", programme),
        "programme_edit": (f"/openfactory/manage/programmes/{p.pk}/", programme),
        "slot_new": (f"/openfactory/manage/programmes/{p.pk}/slots/new/", slot),
        "slot_edit": (f"/openfactory/manage/slots/{s.pk}/", slot),
        "announcement_day": (f"/openfactory/announcements/new/day/{ad.pk}/", announcement),
        "announcement_slot": (f"/openfactory/announcements/new/slot/{s.pk}/", announcement),
    }


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "form",
    [
        "reservation",
        "programme_new",
        "programme_edit",
        "slot_new",
        "slot_edit",
        "announcement_day",
        "announcement_slot",
    ],
)
def test_every_form_field_answers_bad_input_with_a_message(client, staff, place, form, value):
    client.force_login(staff)
    url, fields = forms(place)[form]
    before = stored()
    for data in (dict.fromkeys(fields, value), {name: [value, value] for name in fields}):
        response = client.post(url, data)
        assert response.status_code == 400, form
        assert response.context["form"].errors
    assert stored() == before


# --- The admin's lists ---------------------------------------------------------------------


MODELS = [
    "edition",
    "area",
    "areaday",
    "exhibitor",
    "programme",
    "slot",
    "reservation",
    "reservationmail",
    "receptioncount",
    "announcement",
]
FILTERS = [
    "status__exact",
    "language__exact",
    "heard_from__exact",
    "kind__exact",
    "scope__exact",
    "is_published__exact",
    "date",
    "area_day__edition__id__exact",
]


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_lists_refuse_a_nul_byte_in_their_filters(client, superuser, place, model):
    client.force_login(superuser)
    url = f"/admin/openfactory/{model}/"
    for name in FILTERS:
        for value in ("%00", "a%00b"):
            assert client.get(f"{url}?{name}={value}").status_code in (200, 302, 400), name
    assert client.get(f"{url}?q=a%00b").status_code == 400
    assert client.get(f"{url}?status__exact=a%00b&q=x").status_code in (302, 400)
    for pk in ("a%00b", "%C2%B2", BIG):
        assert client.get(f"{url}{pk}/change/").status_code in (302, 404), pk
