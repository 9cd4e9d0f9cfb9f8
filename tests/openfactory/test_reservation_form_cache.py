"""A blank reservation form's fields kept in the cache (views/reservation.py): rendered once
for every visitor of a programme in one language, never with what one visitor typed or was
given to another.

The test settings turn the page cache off; each test here turns it on, as production has it.
"""

import re

import pytest
from django.test import Client

from openfactory.models import Reservation
from tests.conftest import clear_test_cache
from tests.html_forms import the_form
from tests.openfactory.factories import SlotFactory
from tests.openfactory.test_views import reserve_through_the_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

FIELDS = "openfactory/includes/reservation_fields.html"


@pytest.fixture
def slot(db):
    return SlotFactory(seats=4, programme__max_party_size=5)


def form_page(client, slot, **headers):
    path = f"/openfactory/slots/{slot.pk}/reserve/"
    response = client.get(path, **headers)
    assert response.status_code == 200
    return response, the_form(response.content.decode(), path).data()


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def test_the_second_visitor_gets_the_kept_fields_with_a_key_of_their_own(slot):
    first, first_data = form_page(Client(), slot)
    second, second_data = form_page(Client(), slot)
    assert FIELDS in rendered(first) and FIELDS not in rendered(second)
    assert "bootstrap5/field.html" not in rendered(second)
    # The same fields, each visitor's own idempotency key (outside the kept part).
    assert first_data.keys() == second_data.keys() >= {"name", "email", "adults", "phone"}
    assert first_data["idempotency_key"] != second_data["idempotency_key"]
    body = second.content.decode()
    assert second_data["adults"] == "1" and 'max="5"' in body and 'name="consent"' in body


def test_a_visitor_reserves_through_the_kept_fields(slot):
    form_page(Client(), slot)
    client = Client()
    _response, data = form_page(client, slot)
    _confirm, done = reserve_through_the_pages(
        client, slot, idempotency_key=data["idempotency_key"]
    )
    assert done.status_code == 302
    assert Reservation.objects.get(slot=slot).status == Reservation.Status.CONFIRMED


def test_a_signed_in_visitors_details_are_never_kept_for_another(client, visitor, slot):
    visitor.email, visitor.name = "hanako@example.jp", "綾瀬 花子"
    visitor.save()
    form_page(Client(), slot)  # a blank form kept first
    client.force_login(visitor)
    _own, own_data = form_page(client, slot)
    assert own_data["email"] == "hanako@example.jp" and own_data["name"] == "綾瀬 花子"
    clear_test_cache()
    form_page(client, slot)  # the signed-in visitor's form first, this time
    stranger, stranger_data = form_page(Client(), slot)
    assert stranger_data["email"] == "" and stranger_data["name"] == ""
    assert "hanako@example.jp" not in stranger.content.decode()


def test_what_a_visitor_typed_comes_back_as_typed(client, slot):
    form_page(Client(), slot)
    path = f"/openfactory/slots/{slot.pk}/reserve/"
    _response, data = form_page(client, slot)
    data |= {"name": "綾瀬 太郎", "email": "not an address", "phone": "090-1234-5678"}
    wrong = client.post(path, data)
    assert wrong.status_code == 400
    sent_back = the_form(wrong.content.decode(), path).data()
    assert sent_back["name"] == "綾瀬 太郎" and sent_back["email"] == "not an address"
    _again, blank = form_page(Client(), slot)
    assert blank["name"] == "" and blank["email"] == ""


def test_each_programmes_party_size_and_each_language_its_own(slot):
    other = SlotFactory(programme__max_party_size=2, programme__exhibitor=slot.programme.exhibitor)
    form_page(Client(), slot)
    small, _data = form_page(Client(), other)
    body = small.content.decode()
    assert 'max="2"' in body and 'max="5"' not in body
    assert re.search(r"1回の予約で2人まで", body)
    english, _data = form_page(Client(), slot, HTTP_ACCEPT_LANGUAGE="en")
    body = english.content.decode()
    assert "Name in kana" in body and "ふりがな" not in body and "フリガナ" not in body
