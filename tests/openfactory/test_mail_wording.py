"""Each reservation mail ends with the lines that fit it, and counts people with the plurals
of the visitor's language ("1 adult, 2 children"; 大人1人、子ども2人)."""

import pytest
from django.core import mail
from django.utils import translation

from openfactory.mails import reservation_message
from openfactory.models import Reservation
from openfactory.wording import party_text as party
from tests.openfactory.factories import ReservationFactory

pytestmark = pytest.mark.django_db

CANCEL_PLEA = "キャンセルの手続き"
CANCEL_LINK = "予約の確認・キャンセルはこちら"


def body(kind, **fields):
    reservation = ReservationFactory(**fields)
    reservation_message(reservation, kind).send()
    return mail.outbox[-1].body, reservation


def test_the_cancellation_mail_does_not_ask_to_cancel():
    text, reservation = body("cancelled", status=Reservation.Status.CANCELLED)
    assert CANCEL_PLEA not in text and CANCEL_LINK not in text
    assert reservation.token not in text  # nothing left to do on the reservation's page
    year = reservation.slot.programme.exhibitor.area_day.edition.year
    assert f"/openfactory/{year}/programmes/" in text


@pytest.mark.parametrize("kind", ["confirmed", "promoted", "lottery_won", "reminder"])
def test_mails_of_a_seat_offer_the_page_and_ask_to_cancel_if_not_coming(kind):
    text, reservation = body(kind)
    assert CANCEL_LINK in text and CANCEL_PLEA in text
    assert f"/openfactory/reservations/{reservation.token}/" in text


@pytest.mark.parametrize(
    ("kind", "status", "words"),
    [
        ("waitlisted", Reservation.Status.WAITLISTED, "キャンセル待ち"),
        ("lottery_waitlisted", Reservation.Status.WAITLISTED, "キャンセル待ち"),
        ("applied", Reservation.Status.APPLIED, "抽選"),
    ],
)
def test_mails_without_a_seat_speak_of_the_waitlist_or_the_entry(kind, status, words):
    text, reservation = body(kind, status=status)
    assert CANCEL_LINK not in text
    closing = text.split("受付番号")[1]  # what follows the reservation's facts
    assert words in closing
    assert f"/openfactory/reservations/{reservation.token}/" in text


@pytest.mark.parametrize(
    ("language", "adults", "children", "words"),
    [
        ("en", 1, 1, "1 adult, 1 child"),
        ("en", 2, 3, "2 adults, 3 children"),
        ("en", 1, 0, "1 adult"),
        ("ja", 1, 2, "大人1人、子ども2人"),
        ("ja", 3, 0, "大人3人"),
    ],
)
def test_a_party_is_counted_with_the_languages_plurals(language, adults, children, words):
    with translation.override(language):
        assert party(adults, children) == words


def test_the_english_mail_counts_one_adult_and_one_child():
    text, _ = body("confirmed", language="en", adults=1, children=1)
    assert "1 adult, 1 child" in text and "adults" not in text
