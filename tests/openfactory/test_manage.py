"""The company's staff write their own programmes and time slots (/openfactory/manage/)."""

import datetime as dt

import pytest
from django.utils import timezone

from openfactory import services
from openfactory.models import Programme, Reservation, Slot
from openfactory.services import ProgrammeError
from tests.accounts.factories import UserFactory
from tests.companies.factories import MembershipFactory
from tests.conftest import PASSWORD, ROLES
from tests.openfactory.factories import (
    ExhibitorFactory,
    ProgrammeFactory,
    ReservationFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db

STAFF = {"staff", "superuser"}
OWN = {"editor", "owner", *STAFF}
# The role fixtures, and the staff of another company.
MATRIX = [*ROLES, "other_company_staff"]


@pytest.fixture
def other_company_staff(db):
    user = UserFactory(password=PASSWORD)
    MembershipFactory(user=user, role="owner")
    return user


@pytest.fixture
def exhibit(company):
    """The role fixtures' company exhibiting, with a programme and an empty slot."""
    slot = SlotFactory(programme__exhibitor__company=company, programme__title="自社の見学")
    return {"exhibitor": slot.programme.exhibitor, "programme": slot.programme, "slot": slot}


@pytest.fixture
def login(client, user_for_role, request):
    def get(role):
        if role == "other_company_staff":
            client.force_login(request.getfixturevalue("other_company_staff"))
        else:
            user = user_for_role(role)
            if user is not None:
                client.force_login(user)
        return client

    return get


def pages(exhibit):
    exhibitor, programme, slot = exhibit["exhibitor"], exhibit["programme"], exhibit["slot"]
    return [
        f"/openfactory/manage/{exhibitor.pk}/",
        f"/openfactory/manage/{exhibitor.pk}/programmes/new/",
        f"/openfactory/manage/programmes/{programme.pk}/",
        f"/openfactory/manage/programmes/{programme.pk}/delete/",
        f"/openfactory/manage/programmes/{programme.pk}/slots/new/",
        f"/openfactory/manage/slots/{slot.pk}/",
        f"/openfactory/manage/slots/{slot.pk}/delete/",
    ]


def local(slot_time: dt.datetime) -> str:
    return timezone.localtime(slot_time).strftime("%H:%M")


def programme_data(**overrides) -> dict:
    data = {
        "kind": "workshop",
        "title": "ネームプレートづくり",
        "description": "金属に名前を刻印します。",
        "age_min": "6",
        "age_max": "12",
        "duration_minutes": "30",
        "fee": "0",
        "admission": "reservation",
        "allocation": "first_come",
        "lottery_closes_at": "",
        "max_party_size": "4",
        "photo_alt": "",
    }
    data.update(overrides)
    return data


def slot_data(slot=None, **overrides) -> dict:
    data = {"starts": "13:00", "ends": "13:30", "seats": "8", "reservations_close_at": ""}
    if slot is not None:
        data.update(starts=local(slot.starts_at), ends=local(slot.ends_at), seats=str(slot.seats))
    data.update(overrides)
    return data


# --- Who may open and post to the pages ---------------------------------------------------


@pytest.mark.parametrize("role", MATRIX)
def test_every_page_is_for_the_exhibitors_staff_and_city_staff(login, role, exhibit):
    client = login(role)
    for path in pages(exhibit):
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302, path
            assert response.url.startswith("/accounts/login/")
        else:
            assert response.status_code == (200 if role in OWN else 404), path


@pytest.mark.parametrize("role", MATRIX)
def test_the_list_shows_the_users_own_exhibits(login, role, exhibit):
    other = ExhibitorFactory(area_day=exhibit["exhibitor"].area_day)
    response = login(role).get("/openfactory/manage/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    if role in {"visitor", "member"}:
        assert response.status_code == 404
        return
    body = response.content.decode()
    assert response.status_code == 200
    assert (exhibit["exhibitor"].company.name in body) == (role in OWN)
    assert (other.company.name in body) == (role in STAFF)


@pytest.mark.parametrize("role", ["anonymous", "visitor", "member", "other_company_staff"])
def test_refused_roles_change_nothing(login, role, exhibit):
    client = login(role)
    exhibitor, programme, slot = exhibit["exhibitor"], exhibit["programme"], exhibit["slot"]
    posts = [
        (f"/openfactory/manage/{exhibitor.pk}/programmes/new/", programme_data(title="乗っ取り")),
        (f"/openfactory/manage/programmes/{programme.pk}/", programme_data(title="乗っ取り")),
        (f"/openfactory/manage/programmes/{programme.pk}/slots/new/", slot_data()),
        (f"/openfactory/manage/slots/{slot.pk}/", slot_data(slot, seats="99")),
        (f"/openfactory/manage/slots/{slot.pk}/delete/", {}),
        (f"/openfactory/manage/programmes/{programme.pk}/delete/", {}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code in (302, 404), path
        if role != "anonymous":
            assert client.post(path, data).status_code == 404, path
    assert not Programme.objects.filter(title="乗っ取り").exists()
    assert Programme.objects.filter(pk=programme.pk).exists()
    slot.refresh_from_db()
    assert slot.seats == 10 and Slot.objects.count() == 1


def test_the_index_offers_the_pages_to_company_staff_only(client, editor, visitor):
    client.force_login(visitor)
    assert "/openfactory/manage/" not in client.get("/openfactory/").content.decode()
    client.force_login(editor)
    assert "/openfactory/manage/" in client.get("/openfactory/").content.decode()


# --- Programmes ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "owner", "staff"])
def test_staff_add_a_programme_with_normalised_input(client_for_role, role, exhibit):
    client = client_for_role(role)
    exhibitor = exhibit["exhibitor"]
    response = client.post(
        f"/openfactory/manage/{exhibitor.pk}/programmes/new/",
        programme_data(
            title="　ＮＣ旋盤　見学ツアー ",
            description="安全メガネを\r\nお貸しします。　",
            age_min="１０",
            age_max="",
            fee="１，０００円",
            duration_minutes="４５",
        ),
    )
    programme = Programme.objects.get(title="NC旋盤 見学ツアー")
    assert response.status_code == 302
    assert response.url.endswith(f"/openfactory/manage/{exhibitor.pk}/#programme-{programme.pk}")
    assert programme.exhibitor == exhibitor
    assert programme.description == "安全メガネを\nお貸しします。"
    assert (programme.age_min, programme.age_max, programme.fee) == (10, None, 1000)
    assert programme.duration_minutes == 45
    page = client.get(response.url).content.decode()
    assert "NC旋盤 見学ツアー" in page and "を追加しました" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "このフィールドは必須です"),
        ({"age_min": "12", "age_max": "6"}, "age_max", "上限の年齢"),
        ({"fee": "-5"}, "fee", "0 以上"),
        ({"max_party_size": "99"}, "max_party_size", "20 以下"),
        ({"age_min": "六歳"}, "age_min", "整数"),
        ({"allocation": "lottery"}, "lottery_closes_at", "抽選には申込締切"),
        (
            {"allocation": "lottery", "lottery_closes_at": "2099-01-01T10:00"},
            "lottery_closes_at",
            "開催日より前",
        ),
        (
            {
                "allocation": "lottery",
                "admission": "walk_in",
                "lottery_closes_at": "2020-01-01T10:00",
            },
            "allocation",
            "予約不要のプログラムに抽選はありません",
        ),
    ],
)
def test_bad_programme_input_is_told_beside_its_field(
    client, editor, exhibit, changes, field, message
):
    client.force_login(editor)
    response = client.post(
        f"/openfactory/manage/{exhibit['exhibitor'].pk}/programmes/new/",
        programme_data(title="見学", **changes)
        if "title" not in changes
        else programme_data(**changes),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    assert Programme.objects.count() == 1


def test_editing_keeps_what_was_typed_when_refused(client, editor, exhibit):
    programme = exhibit["programme"]
    ReservationFactory(slot=exhibit["slot"])
    client.force_login(editor)
    response = client.post(
        f"/openfactory/manage/programmes/{programme.pk}/",
        programme_data(title="新しい題名", admission="walk_in"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "予約を受けているため" in body and "新しい題名" in body
    programme.refresh_from_db()
    assert programme.title == "自社の見学" and programme.admission == "reservation"


def test_a_programme_without_reservations_may_become_a_lottery(client, owner, exhibit):
    programme = exhibit["programme"]
    client.force_login(owner)
    deadline = timezone.localtime(exhibit["slot"].starts_at) - dt.timedelta(days=3)
    response = client.post(
        f"/openfactory/manage/programmes/{programme.pk}/",
        programme_data(
            title="抽選の体験",
            allocation="lottery",
            lottery_closes_at=deadline.strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.is_lottery and programme.title == "抽選の体験"
    assert programme.lottery_closes_at == deadline.replace(second=0, microsecond=0)


def test_a_programme_with_confirmed_reservations_is_not_deleted(client, editor, exhibit):
    ReservationFactory(slot=exhibit["slot"], adults=2, children=1)
    client.force_login(editor)
    url = f"/openfactory/manage/programmes/{exhibit['programme'].pk}/delete/"
    page = client.get(url).content.decode()
    assert "3人" in page and "事務局" in page
    assert "プログラムと時間枠を削除する" not in page  # no button that cannot work
    response = client.post(url)
    assert response.status_code == 409
    body = response.content.decode()
    assert "3人分の確定した予約" in body and "事務局" in body
    assert Programme.objects.filter(pk=exhibit["programme"].pk).exists()


def test_a_programme_with_cancelled_reservations_only_is_deleted_with_them(client, owner, exhibit):
    ReservationFactory(slot=exhibit["slot"], status=Reservation.Status.CANCELLED)
    client.force_login(owner)
    response = client.post(f"/openfactory/manage/programmes/{exhibit['programme'].pk}/delete/")
    assert response.status_code == 302
    assert not Programme.objects.exists()
    assert not Slot.objects.exists() and not Reservation.objects.exists()


def test_a_programme_with_counted_walk_ins_is_kept(client, editor, exhibit):
    import datetime as dt

    from django.utils import timezone

    day = exhibit["exhibitor"].area_day.date
    services.walk_in_add(
        programme_id=exhibit["programme"].pk,
        date=day,
        delta=1,
        now=timezone.make_aware(dt.datetime.combine(day, dt.time(11))),  # counted on the day
    )
    client.force_login(editor)
    response = client.post(f"/openfactory/manage/programmes/{exhibit['programme'].pk}/delete/")
    assert response.status_code == 409
    assert "予約なしの来場者" in response.content.decode()
    assert Programme.objects.exists()


# --- Slots --------------------------------------------------------------------------------


def test_staff_add_a_slot_on_their_area_day(client, editor, exhibit):
    programme = exhibit["programme"]
    client.force_login(editor)
    response = client.post(
        f"/openfactory/manage/programmes/{programme.pk}/slots/new/",
        slot_data(starts="１３：００", ends="13:45", seats="１２"),
    )
    assert response.status_code == 302
    slot = Slot.objects.exclude(pk=exhibit["slot"].pk).get()
    local_start = timezone.localtime(slot.starts_at)
    assert local_start.date() == exhibit["exhibitor"].area_day.date
    assert (local_start.hour, local_start.minute) == (13, 0)
    assert slot.ends_at - slot.starts_at == dt.timedelta(minutes=45)
    assert slot.seats == 12 and slot.seats_taken == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts": "14:00", "ends": "13:00"}, "ends", "終了は開始より後"),
        ({"starts": "25:00"}, "starts", "時間を正しく入力"),
        ({"seats": "-1"}, "seats", "0 以上"),
        ({"seats": "5000"}, "seats", "1000 以下"),
        ({"seats": "たくさん"}, "seats", "整数"),
        ({"reservations_close_at": "2099-01-01T09:00"}, "reservations_close_at", "開始より前"),
    ],
)
def test_bad_slot_input_is_told_beside_its_field(client, editor, exhibit, data, field, message):
    client.force_login(editor)
    response = client.post(
        f"/openfactory/manage/programmes/{exhibit['programme'].pk}/slots/new/", slot_data(**data)
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors.get(field, [])), form.errors
    assert Slot.objects.count() == 1


def test_a_slot_is_never_outside_its_area_day(exhibit):
    programme = exhibit["programme"]
    day = timezone.make_aware(dt.datetime.combine(exhibit["exhibitor"].area_day.date, dt.time(10)))
    for starts_at in (day - dt.timedelta(days=1), day + dt.timedelta(days=1)):
        with pytest.raises(ProgrammeError) as refused:
            services.slot_create(
                programme_id=programme.pk,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=1),
                seats=5,
            )
        assert refused.value.field == "starts_at"
    with pytest.raises(ProgrammeError) as refused:
        services.slot_update(
            slot_id=exhibit["slot"].pk,
            starts_at=day + dt.timedelta(hours=13),  # 23:00, ending after midnight
            ends_at=day + dt.timedelta(hours=15),
            seats=5,
            may_move_reserved=True,
        )
    assert refused.value.field == "ends_at"
    assert Slot.objects.count() == 1


def test_seats_never_drop_below_those_taken(client, editor, exhibit):
    slot = exhibit["slot"]
    ReservationFactory(slot=slot, adults=2, children=2)
    client.force_login(editor)
    response = client.post(f"/openfactory/manage/slots/{slot.pk}/", slot_data(slot, seats="3"))
    assert response.status_code == 400
    errors = response.context["form"].errors["seats"]
    assert "4席が確定した予約で埋まっているため" in errors[0]
    assert "4席が確定した予約で埋まっているため" in response.content.decode()
    slot.refresh_from_db()
    assert slot.seats == 10 and slot.seats_taken == 4
    # Exactly the seats taken is fine.
    response = client.post(f"/openfactory/manage/slots/{slot.pk}/", slot_data(slot, seats="4"))
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.seats == 4


def test_added_seats_go_to_the_waitlist_and_mail_it(
    client, owner, exhibit, mailoutbox, django_capture_on_commit_callbacks
):
    slot = exhibit["slot"]
    slot.seats = 2
    slot.save()
    ReservationFactory(slot=slot, adults=2, children=0)
    waiting = ReservationFactory(
        slot=slot, adults=1, children=1, status=Reservation.Status.WAITLISTED
    )
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/openfactory/manage/slots/{slot.pk}/", slot_data(slot, seats="4"))
    assert response.status_code == 302
    waiting.refresh_from_db()
    slot.refresh_from_db()
    assert waiting.status == "confirmed" and slot.seats_taken == 4
    assert [m.to for m in mailoutbox] == [[waiting.email]]


def test_company_staff_cannot_move_a_reserved_slot_but_city_staff_can(
    client, editor, staff, exhibit
):
    slot = exhibit["slot"]
    ReservationFactory(slot=slot)
    client.force_login(editor)
    moved = slot_data(slot, starts="15:00", ends="15:30")
    response = client.post(f"/openfactory/manage/slots/{slot.pk}/", moved)
    assert response.status_code == 400
    assert "時間を知らせてある" in " ".join(response.context["form"].errors["starts"])
    assert timezone.localtime(Slot.objects.get().starts_at).hour == 10
    client.force_login(staff)
    assert client.post(f"/openfactory/manage/slots/{slot.pk}/", moved).status_code == 302
    assert timezone.localtime(Slot.objects.get().starts_at).hour == 15


def test_an_empty_slot_may_move(client, editor, exhibit):
    slot = exhibit["slot"]
    client.force_login(editor)
    response = client.post(
        f"/openfactory/manage/slots/{slot.pk}/", slot_data(slot, starts="11:00", ends="11:20")
    )
    assert response.status_code == 302
    assert timezone.localtime(Slot.objects.get().starts_at).hour == 11


def test_a_slot_with_confirmed_reservations_is_not_deleted(client, editor, staff, exhibit):
    slot = exhibit["slot"]
    ReservationFactory(slot=slot, adults=1, children=0)
    for user in (editor, staff):
        client.force_login(user)
        response = client.post(f"/openfactory/manage/slots/{slot.pk}/delete/")
        assert response.status_code == 409
        body = response.content.decode()
        assert "1人分の確定した予約" in body and "事務局" in body
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_a_slot_with_a_waitlist_is_not_deleted(client, editor, exhibit):
    slot = exhibit["slot"]
    ReservationFactory(slot=slot, status=Reservation.Status.WAITLISTED)
    client.force_login(editor)
    response = client.post(f"/openfactory/manage/slots/{slot.pk}/delete/")
    assert response.status_code == 409
    assert "キャンセル待ち" in response.content.decode()
    assert Slot.objects.filter(pk=slot.pk).exists()


def test_an_empty_slot_is_deleted(client, editor, exhibit):
    slot = exhibit["slot"]
    ReservationFactory(slot=slot, status=Reservation.Status.CANCELLED)
    client.force_login(editor)
    page = client.get(f"/openfactory/manage/slots/{slot.pk}/delete/").content.decode()
    assert "予約はありません" in page and 'class="btn btn-danger"' in page
    response = client.post(f"/openfactory/manage/slots/{slot.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert "時間枠を削除しました" in response.content.decode()
    assert not Slot.objects.exists() and not Reservation.objects.exists()


def test_a_reservation_racing_a_delete_finds_no_slot(exhibit):
    slot = exhibit["slot"]
    services.slot_delete(slot_id=slot.pk)
    with pytest.raises(services.ReservationError) as refused:
        services.reservation_create(
            slot_id=slot.pk,
            name="綾瀬 太郎",
            name_kana="アヤセ タロウ",
            email="taro@example.jp",
            phone="09012345678",
            adults=1,
            children=0,
        )
    assert refused.value.code == "no_slot"


# --- Query counts -------------------------------------------------------------------------


def grow(exhibit, times: int):
    for _ in range(times):
        programme = ProgrammeFactory(exhibitor=exhibit["exhibitor"])
        for hour in (10, 13):
            slot = SlotFactory(programme=programme)
            Slot.objects.filter(pk=slot.pk).update(
                starts_at=slot.starts_at.replace(hour=hour),
                ends_at=slot.starts_at.replace(hour=hour + 1),
            )
            ReservationFactory.create_batch(2, slot=slot)
            ReservationFactory(slot=slot, status=Reservation.Status.WAITLISTED)
        ExhibitorFactory(company=exhibit["exhibitor"].company)


@pytest.mark.parametrize(
    ("page", "queries"),
    [
        # session, user, memberships, count, page
        (lambda e: "/openfactory/manage/", 5),
        # session, user, exhibitor, memberships, count, programmes, slots
        (lambda e: f"/openfactory/manage/{e['exhibitor'].pk}/", 7),
        # session, user, programme, memberships
        (lambda e: f"/openfactory/manage/programmes/{e['programme'].pk}/", 4),
        # session, user, slot, memberships
        (lambda e: f"/openfactory/manage/slots/{e['slot'].pk}/", 4),
        # session, user, programme, memberships, people held
        (lambda e: f"/openfactory/manage/programmes/{e['programme'].pk}/delete/", 5),
    ],
)
def test_pages_do_not_grow_with_the_data(
    client, editor, exhibit, django_assert_num_queries, page, queries
):
    client.force_login(editor)
    url = page(exhibit)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(exhibit, 5)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
