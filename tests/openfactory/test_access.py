"""Every role on every open factory page: who gets it, who is sent to log in, who gets a 404."""

import pytest

from openfactory.models import Edition
from tests.conftest import ROLES
from tests.openfactory.factories import ReservationFactory, SlotFactory

pytestmark = pytest.mark.django_db

STAFF = {"staff", "superuser"}


@pytest.fixture
def slot(db):
    return SlotFactory()


def public_paths(slot):
    programme = slot.programme
    area_day = programme.exhibitor.area_day
    return [
        "/openfactory/",
        "/openfactory/privacy/",
        area_day.edition.get_absolute_url(),
        f"/openfactory/{area_day.edition.year}/programmes/",
        area_day.get_absolute_url(),
        programme.get_absolute_url(),
        f"/openfactory/slots/{slot.pk}/reserve/",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_published_pages_answer_everyone(client_for_role, role, slot):
    client = client_for_role(role)
    for path in public_paths(slot):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_edition_is_seen_by_city_staff_only(client_for_role, role, slot):
    Edition.objects.update(is_published=False)
    client = client_for_role(role)
    expected = 200 if role in STAFF else 404
    for path in public_paths(slot)[2:]:
        assert client.get(path).status_code == expected, path
    # The index does not name it either.
    edition = slot.programme.exhibitor.area_day.edition
    assert (str(edition) in client.get("/openfactory/").content.decode()) == (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_a_reservation_is_seen_with_its_token_only(client_for_role, role, slot):
    reservation = ReservationFactory(slot=slot, name="予約 者")
    client = client_for_role(role)
    assert client.get(reservation.get_absolute_url()).status_code == 200
    assert client.get(f"/openfactory/reservations/{reservation.token[:-1]}/").status_code == 404
    assert client.post(f"/openfactory/reservations/{'x' * 43}/cancel/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_my_reservations_is_for_logged_in_people_and_shows_their_own_only(
    client_for_role, role, user_for_role, slot
):
    ReservationFactory(slot=slot, name="他人 の予約", email="someone@example.jp")
    response = client_for_role(role).get("/openfactory/my/")
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
        return
    assert response.status_code == 200
    assert "他人 の予約" not in response.content.decode()
    assert slot.programme.title not in response.content.decode()
    mine = ReservationFactory(
        slot=SlotFactory(programme__title="自分の体験"), user=user_for_role(role)
    )
    assert (
        mine.slot.programme.title in client_for_role(role).get("/openfactory/my/").content.decode()
    )


@pytest.mark.parametrize("role", ROLES)
def test_a_closed_reservation_form_still_answers_with_its_reason(client_for_role, role, slot):
    Edition.objects.update(status=Edition.Status.CLOSED)
    body = client_for_role(role).get(f"/openfactory/slots/{slot.pk}/reserve/").content.decode()
    assert "予約受付を終了しました" in body
    assert 'name="consent"' not in body
