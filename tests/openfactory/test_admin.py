"""City staff run the open factory in the admin; seats and statuses go through the services."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from openfactory.models import Programme, ReceptionCount, Reservation
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


def programme_admin_data(slot, **slot_overrides) -> dict:
    """The programme's admin page as sent back, with its one slot inline."""
    programme = slot.programme
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    data = {
        "exhibitor": programme.exhibitor_id,
        "kind": programme.kind,
        "title": programme.title,
        "description": programme.description,
        "age_min": "",
        "age_max": "",
        "duration_minutes": "",
        "fee": "0",
        "admission": programme.admission,
        "allocation": programme.allocation,
        "lottery_closes_at_0": "",
        "lottery_closes_at_1": "",
        "max_party_size": str(programme.max_party_size),
        "photo_alt": "",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "1",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
        "slots-0-id": str(slot.pk),
        "slots-0-programme": str(programme.pk),
        "slots-0-starts_at_0": start.strftime("%Y-%m-%d"),
        "slots-0-starts_at_1": start.strftime("%H:%M:%S"),
        "slots-0-ends_at_0": end.strftime("%Y-%m-%d"),
        "slots-0-ends_at_1": end.strftime("%H:%M:%S"),
        "slots-0-seats": str(slot.seats),
        "slots-0-reservations_close_at_0": "",
        "slots-0-reservations_close_at_1": "",
    }
    data.update({f"slots-0-{name}": value for name, value in slot_overrides.items()})
    return data


def test_seats_added_on_the_programme_page_go_to_the_waitlist_and_mail_it(
    client, staff, django_capture_on_commit_callbacks
):
    """The inline slot is saved by the same service as the company's page: the waitlist is
    promoted (and mailed) under the slot's lock, not by the admin afterwards."""
    slot = SlotFactory(seats=2)
    ReservationFactory(slot=slot, adults=2, children=0)
    waiting = ReservationFactory(
        slot=slot, adults=1, children=0, status=Reservation.Status.WAITLISTED
    )
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{ADMIN}openfactory/programme/{slot.programme.pk}/change/",
            programme_admin_data(slot, seats="3"),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    waiting.refresh_from_db()
    slot.refresh_from_db()
    assert waiting.status == "confirmed" and slot.seats == 3 and slot.seats_taken == 3
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_a_refused_inline_slot_keeps_the_whole_page_unsaved(client, staff):
    """The service's rule (never fewer seats than the people seated) is told beside the
    slot's seats, and nothing of the page is saved, the programme's title neither."""
    slot = SlotFactory(seats=4)
    ReservationFactory(slot=slot, adults=2, children=1)
    title = slot.programme.title
    client.force_login(staff)
    data = {**programme_admin_data(slot, seats="2"), "title": "変えたタイトル"}
    response = client.post(f"{ADMIN}openfactory/programme/{slot.programme.pk}/change/", data)
    assert response.status_code == 200
    assert "3席が予約済みです" in response.content.decode()
    slot.refresh_from_db()
    slot.programme.refresh_from_db()
    assert slot.seats == 4 and slot.programme.title == title


def test_a_slot_off_its_area_day_is_refused_beside_the_field(client, staff):
    slot = SlotFactory()
    client.force_login(staff)
    other_day = timezone.localtime(slot.starts_at) + dt.timedelta(days=1)
    response = client.post(
        f"{ADMIN}openfactory/slot/{slot.pk}/change/",
        {
            "starts_at_0": other_day.strftime("%Y-%m-%d"),
            "starts_at_1": other_day.strftime("%H:%M:%S"),
            "ends_at_0": other_day.strftime("%Y-%m-%d"),
            "ends_at_1": (other_day + dt.timedelta(hours=1)).strftime("%H:%M:%S"),
            "seats": str(slot.seats),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "starts_at" in errors and "時間枠は開催日" in errors["starts_at"][0]
    before = slot.starts_at
    slot.refresh_from_db()
    assert slot.starts_at == before


def test_the_admin_does_not_delete_a_programme_whose_walk_ins_were_counted(client, staff):
    slot = SlotFactory()
    programme = slot.programme
    ReceptionCount.objects.create(
        programme=programme, date=programme.exhibitor.area_day.date, walk_ins=3
    )
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}openfactory/programme/{programme.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_a_reserved_programme_keeps_its_allocation_in_the_admin_too(client, staff):
    """The rule of programme_update (no change of how a reserved programme takes its
    visitors) holds in the admin, told beside the field."""
    slot = SlotFactory()
    ReservationFactory(slot=slot)
    client.force_login(staff)
    data = {
        **programme_admin_data(slot),
        "allocation": "lottery",
        "lottery_closes_at_0": "2000-01-01",
        "lottery_closes_at_1": "10:00:00",
    }
    response = client.post(f"{ADMIN}openfactory/programme/{slot.programme.pk}/change/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "allocation" in errors and "予約" in errors["allocation"][0]
    slot.programme.refresh_from_db()
    assert slot.programme.allocation == "first_come"
