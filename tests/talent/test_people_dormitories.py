"""Dormitory places: a company asks (a count and a note, no names); staff allocate within the
house's vacancies or decline with a reason; the company is mailed once and sees the status."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from talent import services
from talent.errors import TalentError
from talent.models import DormitoryMail, DormitoryRequest, House
from tests.talent.people_factories import DormitoryRequestFactory, HouseFactory

pytestmark = pytest.mark.django_db


def soon(days=30):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_a_company_asks_for_places(client, owner, company):
    client.force_login(owner)
    path = reverse("talent:dormitory_requests", kwargs={"company": company.slug})
    response = client.post(path, {"places": "３", "from_date": soon(), "for_whom": "技能実習生"})
    assert response.status_code == 302
    request = DormitoryRequest.objects.get()
    assert (request.company, request.places, request.status) == (company, 3, "pending")
    assert "市の回答待ち" in client.get(path).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("from_date", "2020-04-01", "この日付は過ぎています。"),
        ("places", "0", "1 以上"),
        ("places", "たくさん", "整数を入力してください"),
        ("for_whom", "", "このフィールドは必須です"),
    ],
)
def test_bad_input_is_named_beside_its_field_and_kept(
    client, owner, company, field, value, message
):
    client.force_login(owner)
    data = {"places": "2", "from_date": soon(), "for_whom": "実習生 2名", "note": "4月から"}
    data[field] = value
    response = client.post(
        reverse("talent:dormitory_requests", kwargs={"company": company.slug}), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="error_1_id_{field}"' in html
    assert message in html
    assert "4月から" in html
    assert not DormitoryRequest.objects.exists()


def test_staff_allocate_places_and_the_company_is_mailed_once(
    client, staff, owner, company, django_capture_on_commit_callbacks
):
    house = HouseFactory(name="吉岡の家", capacity=4)
    request = DormitoryRequestFactory(company=company, places=3)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("talent:staff_dormitory_allocate", kwargs={"pk": request.pk}),
            {"house": house.pk, "places": "3"},
        )
    assert response.status_code == 302
    request.refresh_from_db()
    house.refresh_from_db()
    assert (request.status, request.house, request.places_allocated) == ("allocated", house, 3)
    assert house.places_taken == 3 and house.vacancies == 1
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "吉岡の家" in mail.outbox[0].body
    # Running the task again sends nothing more.
    assert services.dormitory_mail_send(request_id=request.pk, kind="allocated") == 0
    assert len(mail.outbox) == 1 and DormitoryMail.objects.count() == 1
    client.force_login(owner)
    page = client.get(reverse("talent:dormitory_requests", kwargs={"company": company.slug}))
    assert "吉岡の家に3人分" in page.content.decode()


def test_allocation_beyond_the_vacancies_is_refused_beside_the_field(client, staff):
    house = HouseFactory(capacity=4, places_taken=3)
    request = DormitoryRequestFactory(places=2)
    client.force_login(staff)
    response = client.post(
        reverse("talent:staff_dormitory_allocate", kwargs={"pk": request.pk}),
        {"house": house.pk, "places": "2"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_places"' in html
    assert f"{house.name}の空きは1人分です" in html
    request.refresh_from_db()
    house.refresh_from_db()
    assert request.status == "pending" and house.places_taken == 3
    assert mail.outbox == []


def test_allocation_beyond_what_was_asked_is_refused(staff):
    house = HouseFactory(capacity=10)
    request = DormitoryRequestFactory(places=2)
    with pytest.raises(TalentError, match="2人分です"):
        services.dormitory_request_allocate(
            request_id=request.pk, house_id=house.pk, places=3, actor=staff
        )
    assert House.objects.get().places_taken == 0


def test_a_request_is_answered_once(staff):
    house = HouseFactory(capacity=10)
    request = DormitoryRequestFactory(places=2)
    services.dormitory_request_allocate(
        request_id=request.pk, house_id=house.pk, places=2, actor=staff
    )
    with pytest.raises(TalentError, match="回答済み"):
        services.dormitory_request_allocate(
            request_id=request.pk, house_id=house.pk, places=2, actor=staff
        )
    with pytest.raises(TalentError, match="回答済み"):
        services.dormitory_request_decline(request_id=request.pk, reason="x", actor=staff)
    assert House.objects.get().places_taken == 2


def test_the_database_refuses_an_overfull_house():
    from django.db import IntegrityError, transaction

    house = HouseFactory(capacity=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        House.objects.filter(pk=house.pk).update(places_taken=3)


def test_staff_decline_with_a_reason(
    client, staff, owner, company, django_capture_on_commit_callbacks
):
    request = DormitoryRequestFactory(company=company)
    client.force_login(staff)
    path = reverse("talent:staff_dormitory_decline", kwargs={"pk": request.pk})
    response = client.post(path, {"reason": "  "})
    assert 'id="error_1_id_reason"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"reason": "4月は空きがありません"})
    request.refresh_from_db()
    assert request.status == "declined" and request.decline_reason == "4月は空きがありません"
    assert len(mail.outbox) == 1 and "4月は空きがありません" in mail.outbox[0].body
    client.force_login(owner)
    page = client.get(reverse("talent:dormitory_requests", kwargs={"company": company.slug}))
    assert "お断り" in page.content.decode() and "4月は空きがありません" in page.content.decode()


def test_a_house_capacity_cannot_go_below_the_places_taken_in_the_admin(client, superuser):
    house = HouseFactory(capacity=5, places_taken=4)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:talent_house_change", args=[house.pk]),
        {
            "name": house.name,
            "kind": "house",
            "area": house.area,
            "address": house.address,
            "capacity": "3",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "すでに4人分を割り当てています" in response.content.decode()
    house.refresh_from_db()
    assert house.capacity == 5


def test_the_dashboard_selector_gives_vacancies(client, staff):
    from talent.selectors.dormitories import dormitory_vacancies

    HouseFactory(name="吉岡の家", capacity=6, places_taken=2)
    HouseFactory(name="小園のアパート", kind="apartment", capacity=3)
    HouseFactory(name="使っていない家", capacity=9, is_active=False)
    DormitoryRequestFactory()
    summary = dormitory_vacancies()
    assert (summary["capacity"], summary["taken"], summary["vacancies"], summary["pending"]) == (
        9,
        2,
        7,
        1,
    )
    client.force_login(staff)
    html = client.get(reverse("talent:staff_people")).content.decode()
    assert "定員9人のうち空き7人分" in html and "使っていない家" not in html
