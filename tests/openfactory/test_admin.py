"""City staff run the open factory in the admin; seats and statuses go through the services."""

import pytest
from django.core import mail
from django.utils import timezone

from openfactory.models import Reservation
from tests.conftest import ADMIN
from tests.openfactory.factories import ReservationFactory, SlotFactory

pytestmark = pytest.mark.django_db


def test_cancelling_from_the_admin_mails_and_promotes(
    client, staff, django_capture_on_commit_callbacks
):
    slot = SlotFactory(seats=2)
    holder = ReservationFactory(slot=slot, adults=2, children=0)
    waiting = ReservationFactory(
        slot=slot, adults=1, children=0, status=Reservation.Status.WAITLISTED
    )
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{ADMIN}openfactory/reservation/",
            {"action": "cancel", "_selected_action": [holder.pk]},
            follow=True,
        )
    assert "1件の予約をキャンセルしました。" in response.content.decode()
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == "cancelled" and waiting.status == "confirmed"
    assert {m.to[0] for m in mail.outbox} == {holder.email, waiting.email}


def test_reservations_are_not_added_in_the_admin(client, staff):
    client.force_login(staff)
    assert client.get(f"{ADMIN}openfactory/reservation/add/").status_code == 403


def test_seats_cannot_drop_below_those_taken(client, staff):
    slot = SlotFactory(seats=4)
    ReservationFactory(slot=slot, adults=2, children=1)
    client.force_login(staff)
    url = f"{ADMIN}openfactory/slot/{slot.pk}/change/"
    response = client.post(
        url,
        {
            "starts_at_0": timezone.localtime(slot.starts_at).strftime("%Y-%m-%d"),
            "starts_at_1": timezone.localtime(slot.starts_at).strftime("%H:%M:%S"),
            "ends_at_0": timezone.localtime(slot.ends_at).strftime("%Y-%m-%d"),
            "ends_at_1": timezone.localtime(slot.ends_at).strftime("%H:%M:%S"),
            "seats": "2",
        },
    )
    assert response.status_code == 200
    assert "3席が予約済みです" in response.content.decode()
    slot.refresh_from_db()
    assert slot.seats == 4


def test_adding_seats_in_the_admin_promotes_the_waitlist(client, staff):
    slot = SlotFactory(seats=2)
    ReservationFactory(slot=slot, adults=2, children=0)
    waiting = ReservationFactory(
        slot=slot, adults=1, children=0, status=Reservation.Status.WAITLISTED
    )
    client.force_login(staff)
    local_start = timezone.localtime(slot.starts_at)
    local_end = timezone.localtime(slot.ends_at)
    response = client.post(
        f"{ADMIN}openfactory/slot/{slot.pk}/change/",
        {
            "starts_at_0": local_start.strftime("%Y-%m-%d"),
            "starts_at_1": local_start.strftime("%H:%M:%S"),
            "ends_at_0": local_end.strftime("%Y-%m-%d"),
            "ends_at_1": local_end.strftime("%H:%M:%S"),
            "seats": "3",
        },
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_city_staff_add_a_time_slot_in_the_admin(client, staff):
    """The slot's programme is chosen on the add page (it was missing: the add page answered
    500); on the change page it is shown, not changed, as visitors hold seats in the slot."""
    programme = SlotFactory().programme
    day = programme.exhibitor.area_day.date.isoformat()
    client.force_login(staff)
    response = client.post(
        "/admin/openfactory/slot/add/",
        {
            "programme": programme.pk,
            "starts_at_0": day,
            "starts_at_1": "14:00",
            "ends_at_0": day,
            "ends_at_1": "14:30",
            "seats": "6",
        },
    )
    assert response.status_code == 302
    slot = programme.slots.get(seats=6)
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") == "14:00"

    other = SlotFactory().programme
    client.post(
        f"/admin/openfactory/slot/{slot.pk}/change/",
        {
            "programme": other.pk,
            "starts_at_0": day,
            "starts_at_1": "14:00",
            "ends_at_0": day,
            "ends_at_1": "14:30",
            "seats": "6",
        },
    )
    slot.refresh_from_db()
    assert slot.programme == programme
