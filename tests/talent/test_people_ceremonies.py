"""The joint entrance ceremony: a company registers its new hires until registration closes or
the event is full, edits its own; staff print the list and badges and take attendance."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from talent import services
from talent.errors import TalentError
from talent.models import CeremonyEvent, CeremonyRegistration
from tests.talent.people_factories import CeremonyEventFactory, CeremonyRegistrationFactory

pytestmark = pytest.mark.django_db


def register_url(company, event):
    return reverse(
        "talent:registration_create", kwargs={"company": company.slug, "event": event.pk}
    )


def hire_data(**over):
    data = {
        "name": "綾瀬 一郎",
        "name_kana": "アヤセ イチロウ",
        "start_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "job": "CAD設計",
        "language_needs": "英語",
    }
    data.update(over)
    return data


def test_a_company_registers_a_new_hire(client, editor, company):
    event = CeremonyEventFactory(capacity=3)
    client.force_login(editor)
    response = client.post(register_url(company, event), hire_data(name_kana="ｱﾔｾ ｲﾁﾛｳ"))
    assert response.status_code == 302
    registration = CeremonyRegistration.objects.get()
    assert (registration.company, registration.name_kana) == (company, "アヤセ イチロウ")
    event.refresh_from_db()
    assert event.seats_taken == 1
    listing = client.get(reverse("talent:registration_list", kwargs={"company": company.slug}))
    assert "綾瀬 一郎" in listing.content.decode()
    assert "定員3人中1人登録" in listing.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name_kana", "綾瀬一郎", "ふりがなはカタカナかひらがなで"),
        ("start_date", "2020-04-01", "この日付は過ぎています。"),
        ("start_date", "2027-02-30", "日付を正しく入力してください"),
        ("name", "", "このフィールドは必須です"),
        ("job", "", "このフィールドは必須です"),
        ("name", "綾瀬 🏭", "絵文字や記号"),
    ],
)
def test_bad_input_is_named_beside_its_field_and_kept(
    client, owner, company, field, value, message
):
    event = CeremonyEventFactory()
    client.force_login(owner)
    data = hire_data(**{field: value})
    response = client.post(register_url(company, event), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="error_1_id_{field}"' in html
    assert message in html
    for name, typed in data.items():
        if name != field and typed:
            assert typed in html, name
    assert not CeremonyRegistration.objects.exists()


def test_a_full_event_refuses_beside_the_form_and_keeps_the_input(client, owner, company):
    event = CeremonyEventFactory(capacity=1)
    CeremonyRegistrationFactory(event=event)
    client.force_login(owner)
    response = client.post(register_url(company, event), hire_data())
    html = response.content.decode()
    assert response.status_code == 200
    assert "定員に達したため、登録できません。" in html
    assert "アヤセ イチロウ" in html
    assert CeremonyRegistration.objects.filter(company=company).count() == 0


def test_registration_closes(owner, company):
    event = CeremonyEventFactory(registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(TalentError, match="締め切りました"):
        services.registration_create(
            event_id=event.pk,
            company=company,
            actor=owner,
            name="綾瀬 一郎",
            name_kana="アヤセ",
            start_date=timezone.localdate(),
            job="製造",
        )
    assert not CeremonyRegistration.objects.exists()


def test_a_past_event_takes_no_registration(client, owner, company):
    event = CeremonyEventFactory(starts_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(owner)
    assert client.get(register_url(company, event)).status_code == 404


def test_a_company_edits_and_withdraws_its_own_registration(client, owner, company):
    registration = CeremonyRegistrationFactory(company=company, job="製造")
    client.force_login(owner)
    path = reverse(
        "talent:registration_edit", kwargs={"company": company.slug, "pk": registration.pk}
    )
    data = {
        "name": registration.name,
        "name_kana": registration.name_kana,
        "start_date": registration.start_date.isoformat(),
        "job": "品質管理",
    }
    assert client.post(path, data).status_code == 302
    registration.refresh_from_db()
    assert registration.job == "品質管理"
    client.post(
        reverse(
            "talent:registration_delete", kwargs={"company": company.slug, "pk": registration.pk}
        )
    )
    assert not CeremonyRegistration.objects.exists()
    assert CeremonyEvent.objects.get().seats_taken == 0


def test_an_event_capacity_cannot_go_below_the_registered_in_the_admin(client, superuser):
    event = CeremonyEventFactory(capacity=5)
    CeremonyRegistrationFactory.create_batch(3, event=event)
    client.force_login(superuser)
    path = reverse("admin:talent_ceremonyevent_change", args=[event.pk])
    local = timezone.localtime(event.starts_at)
    closes = timezone.localtime(event.registration_closes_at)
    response = client.post(
        path,
        {
            "kind": "ceremony",
            "title": event.title,
            "starts_at_0": local.date().isoformat(),
            "starts_at_1": local.strftime("%H:%M"),
            "place": event.place,
            "capacity": "2",
            "registration_closes_at_0": closes.date().isoformat(),
            "registration_closes_at_1": closes.strftime("%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "すでに3人が登録しています" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 5


def test_staff_print_the_list_and_the_badges(client, staff, company):
    event = CeremonyEventFactory(title="あやせ工場合同入社式")
    CeremonyRegistrationFactory(
        event=event, company=company, name="綾瀬 花子", name_kana="アヤセ ハナコ"
    )
    client.force_login(staff)
    listing = client.get(reverse("talent:staff_event_print", kwargs={"pk": event.pk}))
    html = listing.content.decode()
    assert "print.css" in html and "参加者名簿" in html
    assert "綾瀬 花子" in html and company.name in html
    badges = client.get(reverse("talent:staff_event_badges", kwargs={"pk": event.pk}))
    html = badges.content.decode()
    assert html.count('class="name-badge"') == 1
    assert '<p class="badge-kana">アヤセ ハナコ</p>' in html
    assert '<p class="badge-name">綾瀬 花子</p>' in html
    assert f'<p class="badge-company">{company.name}</p>' in html


def test_badges_come_ten_to_an_a4_sheet(client, staff):
    event = CeremonyEventFactory(capacity=30)
    CeremonyRegistrationFactory.create_batch(12, event=event)
    client.force_login(staff)
    html = client.get(
        reverse("talent:staff_event_badges", kwargs={"pk": event.pk})
    ).content.decode()
    assert html.count('class="badge-sheet"') == 2
    assert html.count('class="name-badge"') == 12


def test_staff_mark_a_hire_present_and_undo(client, staff):
    registration = CeremonyRegistrationFactory(name="綾瀬 花子")
    event = registration.event
    client.force_login(staff)
    mark = reverse("talent:staff_attendance_mark", kwargs={"pk": event.pk})
    response = client.post(mark, {"registration": registration.pk, "attended": "on"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended_at is not None
    page = client.get(reverse("talent:staff_attendance", kwargs={"pk": event.pk}))
    assert '<strong class="fs-4" id="present-count">1</strong>' in page.content.decode()
    client.post(mark, {"registration": registration.pk})
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_attendance_of_another_events_registration_is_refused(client, staff):
    registration = CeremonyRegistrationFactory()
    other_event = CeremonyEventFactory()
    client.force_login(staff)
    mark = reverse("talent:staff_attendance_mark", kwargs={"pk": other_event.pk})
    response = client.post(mark, {"registration": registration.pk, "attended": "on"}, follow=True)
    assert "この行事にその登録はありません。" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_the_dashboard_selector_counts_registrations_against_capacity(client, staff):
    from talent.selectors.ceremonies import ceremony_capacity_summary

    event = CeremonyEventFactory(capacity=8, title="合同研修")
    CeremonyRegistrationFactory.create_batch(3, event=event)
    CeremonyEventFactory(starts_at=timezone.now() - dt.timedelta(days=2), title="昨年の入社式")
    summary = ceremony_capacity_summary()
    assert [(e.title, e.seats_taken, e.capacity) for e in summary] == [("合同研修", 3, 8)]
    client.force_login(staff)
    html = client.get(reverse("talent:staff_people")).content.decode()
    assert "定員8人中3人登録" in html and "昨年の入社式" not in html
    # Drawn by the browser from its values: the CSP would refuse a bar's style attribute.
    assert '<meter class="ceremony-meter" min="0" max="8" high="7" value="3"' in html
    assert 'style="' not in html
