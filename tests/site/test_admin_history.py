"""The admin records who changed a visitor's or a company's personal data, which fields, and when.

Django's ``LogEntry`` is the record for changes made in the admin (changes company owners make
on their own pages go to ``companies.AuditEntry``); city staff read it on each object's
history page. What a log entry keeps must not outlive the data it describes: once a
reservation is anonymised, its entries no longer carry the visitor's name.
"""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from companies.models import Membership
from openfactory import services as openfactory_services
from openfactory.models import Reservation
from tests.accounts.factories import UserFactory
from tests.companies.factories import MembershipFactory
from tests.openfactory.factories import ReservationFactory, SlotFactory

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """The values a browser would send for the admin's change form as it is shown."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def change_form(client, url: str) -> dict[str, str]:
    parser = FormValues()
    parser.feed(client.get(url).content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def entries_of(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def test_a_change_to_a_visitors_reservation_names_who_which_fields_and_when(client, staff):
    reservation = ReservationFactory(phone="09012345678")
    url = f"/admin/openfactory/reservation/{reservation.pk}/change/"
    client.force_login(staff)
    data = change_form(client, url)
    before = timezone.now()
    response = client.post(url, {**data, "phone": "045-123-4567", "email": "new@example.jp"})
    assert response.status_code == 302

    entry = entries_of(reservation).get()
    assert entry.user == staff and entry.action_flag == CHANGE
    assert before <= entry.action_time <= timezone.now()
    message = entry.get_change_message()
    assert "電話番号" in message and "メールアドレス" in message
    assert "045" not in message and "new@example.jp" not in message  # fields, not values

    history = client.get(f"/admin/openfactory/reservation/{reservation.pk}/history/")
    assert history.status_code == 200
    page = history.content.decode()
    assert staff.name in page and "電話番号" in page


def test_cancelling_reservations_from_the_admin_is_recorded(client, staff):
    slot = SlotFactory(seats=4, starts_at=timezone.now() + dt.timedelta(days=3))
    first, second = ReservationFactory(slot=slot), ReservationFactory(slot=slot)
    client.force_login(staff)
    response = client.post(
        "/admin/openfactory/reservation/",
        {"action": "cancel", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    assert set(Reservation.objects.values_list("status", flat=True)) == {"cancelled"}
    for reservation in (first, second):
        entry = entries_of(reservation).get()
        assert entry.user == staff and entry.action_flag == CHANGE
        assert "キャンセル" in entry.get_change_message()


def test_a_change_to_a_company_and_its_members_is_recorded_and_readable_by_city_staff(
    client, staff, company
):
    membership = MembershipFactory(company=company, role="editor", user=UserFactory())
    url = f"/admin/companies/company/{company.pk}/change/"
    client.force_login(staff)
    data = change_form(client, url)
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(membership.pk))
    data[row.removesuffix("-id") + "-role"] = "owner"
    data["contact_phone"] = "0467-70-0000"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.get(pk=membership.pk).role == "owner"

    entry = entries_of(company).get()
    assert entry.user == staff
    message = entry.get_change_message()
    assert "電話番号" in message  # the company's contact phone
    assert "役割" in message or "role" in message.lower()

    page = client.get(f"/admin/companies/company/{company.pk}/history/").content.decode()
    assert staff.name in page


def test_a_membership_changed_on_its_own_admin_page_is_recorded(client, staff, company):
    membership = MembershipFactory(company=company, role="editor", user=UserFactory())
    url = f"/admin/companies/membership/{membership.pk}/change/"
    client.force_login(staff)
    response = client.post(url, {**change_form(client, url), "role": "owner"})
    assert response.status_code == 302
    entry = entries_of(membership).get()
    assert entry.user == staff and "役割" in entry.get_change_message()


@pytest.mark.parametrize("role", ["visitor", "editor", "owner", "member"])
def test_only_city_staff_read_the_history(client_for_role, role):
    reservation = ReservationFactory()
    client = client_for_role(role)
    response = client.get(f"/admin/openfactory/reservation/{reservation.pk}/history/")
    assert response.status_code in (302, 403)


def test_the_admin_history_never_keeps_a_visitors_name(client, staff):
    reservation = ReservationFactory(name="綾瀬 花子")
    url = f"/admin/openfactory/reservation/{reservation.pk}/change/"
    client.force_login(staff)
    client.post(url, {**change_form(client, url), "phone": "045-123-4567"})
    entry = entries_of(reservation).get()
    assert entry.object_repr == f"{reservation.code} (予約確定)"

    # An entry written before reservations were named by code alone still has the name,
    # until the reservation is anonymised after the retention period.
    entries_of(reservation).update(object_repr=f"{reservation.code} 綾瀬 花子 (予約確定)")
    day = reservation.slot.programme.exhibitor.area_day.date
    assert openfactory_services.reservations_anonymise(today=day + dt.timedelta(days=89)) == 0
    assert "綾瀬 花子" in entries_of(reservation).get().object_repr
    assert openfactory_services.reservations_anonymise(today=day + dt.timedelta(days=90)) == 1
    entry = entries_of(reservation).get()
    assert entry.object_repr == reservation.code
    assert entry.user == staff  # who and when stay: they are the staff's, not the visitor's
