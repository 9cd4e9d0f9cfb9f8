"""Typing someone's e-mail address into the reservation form shows nothing of their reservations.

An attacker who knows a neighbour's address must not learn where and when the neighbour will
be (or was): not from the overlap warning on the confirm step, not from the "already holds a
reservation" or per-day limit messages, not from a reused idempotency key. The visitor who has
shown the reservations to be theirs (made or opened with the mailed link in this browser, or
their own account's) is still warned of overlaps and told exactly why a reservation is refused.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from openfactory import services
from openfactory.models import Reservation
from openfactory.services import ReservationError
from tests.conftest import ROLES
from tests.openfactory.factories import AreaDayFactory, ReservationFactory, SlotFactory
from tests.openfactory.test_views import (
    field_error,
    form_data,
    hidden_fields,
    reserve_through_the_pages,
)

pytestmark = pytest.mark.django_db

VICTIM = "neighbour@example.jp"
# What the victim's reservation would give away: its programme, its time and its status.
SECRETS = ("精密切削の工場見学", "10:00〜10:45", "来場済み")
OVERLAP_WARNING = "この日のほかのご予約と時間が重なっています"
REFUSED = (
    "このメールアドレスでは、この予約をお受けできません。1つのメールアドレスで予約できるのは、"
    "1つの時間枠につき1件、1日%(limit)d件までです。ご予約の内容は、お送りしたメールでご確認ください。"
)


def at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day.date, dt.time(hour, minute)))


@pytest.fixture
def day(db):
    return AreaDayFactory()


@pytest.fixture
def victims_visit(day):
    """The victim was checked in at a tour from 10:00 to 10:45 (the issue's example)."""
    slot = SlotFactory(
        programme__exhibitor__area_day=day,
        programme__title="精密切削の工場見学",
        starts_at=at(day, 10),
        ends_at=at(day, 10, 45),
    )
    return ReservationFactory(slot=slot, email=VICTIM, status=Reservation.Status.ATTENDED)


@pytest.fixture
def target(day):
    """A workshop whose time overlaps the victim's tour: the slot the attacker posts to."""
    return SlotFactory(
        programme__exhibitor__area_day=day,
        programme__title="板金でキーホルダーづくり",
        starts_at=at(day, 10, 30),
        ends_at=at(day, 11, 15),
        seats=10,
    )


def assert_shows_nothing_of_the_victim(body: str) -> None:
    for secret in SECRETS:
        assert secret not in body
    assert OVERLAP_WARNING not in body
    assert "すでに予約されています" not in body
    assert "すでに" not in field_error(body, "email")


# --- The attacker --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_stranger_typing_someones_address_sees_none_of_their_reservations(
    client_for_role, role, victims_visit, target
):
    client = client_for_role(role)
    # A confirm sent straight away (no confirm step seen) is not held back by a warning:
    # 9:30 to 10:15 overlaps the victim's tour (not the workshop below).
    early = SlotFactory(
        programme__exhibitor__area_day=target.programme.exhibitor.area_day,
        starts_at=at(target.programme.exhibitor.area_day, 9, 30),
        ends_at=at(target.programme.exhibitor.area_day, 10, 15),
    )
    data = {**form_data(email=VICTIM, idempotency_key="f" * 32), "reserve": ""}
    direct = client.post(f"/openfactory/slots/{early.pk}/reserve/", data)
    assert direct.status_code == 302
    assert_shows_nothing_of_the_victim(client.get(direct.url).content.decode())
    # Through the two steps: the confirm step, the reservation made with the address and
    # its page name nothing else the address holds.
    confirm, done = reserve_through_the_pages(client, target, email=VICTIM)
    assert_shows_nothing_of_the_victim(confirm.content.decode())
    assert hidden_fields(confirm.content.decode())["overlap_ok"] == "False"
    assert done.status_code == 302
    assert_shows_nothing_of_the_victim(client.get(done.url).content.decode())


@pytest.mark.parametrize("role", ROLES)
def test_a_stranger_cannot_tell_a_held_slot_from_the_day_limit(
    client_for_role, role, day, target, settings
):
    settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY = 2
    client = client_for_role(role)
    # One victim holds this very slot; another holds the day's limit in other slots.
    ReservationFactory(slot=target, email=VICTIM, status=Reservation.Status.WAITLISTED)
    for hour in (13, 15):
        ReservationFactory(
            slot=SlotFactory(
                programme__exhibitor__area_day=day,
                programme__title=f"精密切削の工場見学 {hour}時",
                starts_at=at(day, hour),
                ends_at=at(day, hour, 45),
            ),
            email="busy@example.jp",
        )
    url = f"/openfactory/slots/{target.pk}/reserve/"
    answers = []
    for email in (VICTIM, "busy@example.jp"):
        first_step = client.post(url, form_data(email=email))
        final_step = client.post(
            url, {**form_data(email=email), "overlap_ok": "True", "reserve": ""}
        )
        for response in (first_step, final_step):
            body = response.content.decode()
            assert response.status_code == 400
            assert_shows_nothing_of_the_victim(body)
            assert "精密切削" not in body and "キャンセル待ち" not in body
            answers.append(field_error(body, "email"))
    # The same words whatever the address holds: no slot, programme, status or count.
    assert set(answers) == {REFUSED % {"limit": 2}}
    assert Reservation.objects.count() == 3


def test_the_refusal_at_the_last_step_names_nothing_either(client, day, target):
    """Between the two steps the victim reserves: the refusal that comes then is the same."""
    url = f"/openfactory/slots/{target.pk}/reserve/"
    confirm = client.post(url, form_data(email=VICTIM))
    fields = hidden_fields(confirm.content.decode())
    ReservationFactory(slot=target, email=VICTIM)
    body = client.post(url, {**fields, "reserve": ""}).content.decode()
    assert field_error(body, "email") == REFUSED % {"limit": 3}


def test_a_known_idempotency_key_does_not_open_its_owners_reservation(client, target, day):
    """The hidden key of someone's form (seen over a shoulder, in a shared browser's history)
    posted to another slot, or with another address, is never a way to their reservation."""
    victims = reserve_through_the_pages(client, target, email=VICTIM)[1]
    owner_url = victims.url
    key = "0123456789abcdef0123456789abcdef"  # form_data's key, used by the victim above
    assert Reservation.objects.get(email=VICTIM).idempotency_key == key
    other_slot = SlotFactory(programme__exhibitor__area_day=day, starts_at=at(day, 14))
    for slot, email in ((other_slot, "attacker@example.jp"), (target, "attacker@example.jp")):
        data = {**form_data(email=email, idempotency_key=key), "reserve": ""}
        data.update(join_waitlist="False", overlap_ok="True")
        stranger = client.__class__()
        response = stranger.post(f"/openfactory/slots/{slot.pk}/reserve/", data)
        body = response.content.decode()
        assert response.status_code == 400
        assert owner_url not in body and response.get("Location") != owner_url
        assert "このフォームはすでにほかの予約に使われました" in body
        # A new key is in the form: sending it again is a new attempt of the stranger's own.
        new_key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', body).group(1)
        assert new_key != key
        again = stranger.post(
            f"/openfactory/slots/{slot.pk}/reserve/", {**data, "idempotency_key": new_key}
        )
        assert again.status_code == 302 and again.url != owner_url
        made = Reservation.objects.get(idempotency_key=new_key)
        assert (made.slot_id, made.email) == (slot.pk, email)
        made.delete()
    assert Reservation.objects.get(email=VICTIM).status == Reservation.Status.CONFIRMED


def test_the_service_binds_the_idempotency_key_to_its_slot_and_address(target, day):
    def reserve(slot, email):
        return services.reservation_create(
            slot_id=slot.pk,
            name="綾瀬 花子",
            name_kana="アヤセ ハナコ",
            email=email,
            phone="09012345678",
            adults=1,
            children=0,
            idempotency_key="a" * 32,
        )

    first = reserve(target, VICTIM)
    assert reserve(target, "ＮＥＩＧＨＢＯＵＲ@example.jp").pk == first.pk  # a double submit
    other_slot = SlotFactory(programme__exhibitor__area_day=day, starts_at=at(day, 14))
    for slot, email in ((other_slot, VICTIM), (target, "attacker@example.jp")):
        with pytest.raises(ReservationError) as error:
            reserve(slot, email)
        assert error.value.code == "key_used"
        assert first.token not in error.value.message
    assert Reservation.objects.count() == 1


# --- The visitor whose reservations they are ----------------------------------------------


def test_a_reservation_made_in_this_browser_warns_of_an_overlap(client, victims_visit, target):
    victims_visit.delete()
    mine = SlotFactory(
        programme__exhibitor__area_day=target.programme.exhibitor.area_day,
        programme__title="精密切削の工場見学",
        starts_at=at(target.programme.exhibitor.area_day, 10),
        ends_at=at(target.programme.exhibitor.area_day, 10, 45),
    )
    reserve_through_the_pages(client, mine, email=VICTIM)
    confirm, done = reserve_through_the_pages(
        client, target, email=VICTIM, idempotency_key="b" * 32
    )
    body = confirm.content.decode()
    assert OVERLAP_WARNING in body
    assert "10:00〜10:45 精密切削の工場見学 (予約確定)" in body
    assert hidden_fields(body)["overlap_ok"] == "True"
    assert done.status_code == 302


def test_a_reservation_opened_with_its_mailed_link_warns_of_an_overlap(
    client, victims_visit, target
):
    victims_visit.status = Reservation.Status.CONFIRMED
    victims_visit.save()
    client.get(victims_visit.get_absolute_url())
    body = reserve_through_the_pages(client, target, email=VICTIM)[0].content.decode()
    assert OVERLAP_WARNING in body
    assert "精密切削の工場見学" in body


@pytest.mark.parametrize("linked_by", ["account", "address"])
def test_the_signed_in_visitors_own_reservations_warn_of_an_overlap(
    client, visitor, victims_visit, target, linked_by
):
    """Their account's: made while signed in, or to the account's (verified) address."""
    victims_visit.email = visitor.email
    victims_visit.user = visitor if linked_by == "account" else None
    victims_visit.save()
    client.force_login(visitor)
    body = reserve_through_the_pages(client, target, email=visitor.email)[0].content.decode()
    assert OVERLAP_WARNING in body
    assert "10:00〜10:45 精密切削の工場見学 (来場済み)" in body


def test_the_visitor_is_told_exactly_why_in_their_own_browser(client, day, target, settings):
    settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY = 2
    url = f"/openfactory/slots/{target.pk}/reserve/"
    reserve_through_the_pages(client, target, email=VICTIM)
    body = client.post(url, form_data(email=VICTIM, idempotency_key="c" * 32)).content.decode()
    assert (
        field_error(body, "email") == "このメールアドレスで、この時間枠はすでに予約されています。"
    )
    later = SlotFactory(programme__exhibitor__area_day=day, starts_at=at(day, 14))
    reserve_through_the_pages(client, later, email=VICTIM, idempotency_key="d" * 32)
    third = SlotFactory(programme__exhibitor__area_day=day, starts_at=at(day, 16))
    body = client.post(
        f"/openfactory/slots/{third.pk}/reserve/", form_data(email=VICTIM, idempotency_key="e" * 32)
    ).content.decode()
    assert "このアドレスはすでに2件予約しています" in field_error(body, "email")


def test_the_browser_remembers_a_bounded_number_of_reservations(client, target):
    made = reserve_through_the_pages(client, target, email=VICTIM)[1]
    assert made.status_code == 302
    remembered = client.session["openfactory_reservations"]
    assert remembered == [Reservation.objects.get().pk]
    session = client.session
    session["openfactory_reservations"] = list(range(10_000, 10_100))
    session.save()
    client.get(Reservation.objects.get().get_absolute_url())
    remembered = client.session["openfactory_reservations"]
    assert len(remembered) == 50 and remembered[-1] == Reservation.objects.get().pk
