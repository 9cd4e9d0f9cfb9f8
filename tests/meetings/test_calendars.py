"""iCalendar: the public calendar, members' private calendars and the page of their URL."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from meetings.models import ActivityResponse, CalendarToken, Visibility
from meetings.services import calendar_token_issue, calendar_token_revoke
from tests.accounts.factories import UserFactory
from tests.conftest import ROLES
from tests.meetings.factories import (
    ActivityFactory,
    AgendaItemFactory,
    MeetingFactory,
    MemberFactory,
)

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> dict[str, icalendar.Event]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://portal.example.jp"
    return settings.SITE_URL


@pytest.fixture
def mixed():
    """One of each visibility, meetings and activities, all upcoming."""
    return {
        "public_meeting": MeetingFactory(
            title="公開の定例会", date=days(10), visibility=Visibility.PUBLIC
        ),
        "members_meeting": MeetingFactory(
            title="委員限定の臨時会",
            kind="extraordinary",
            date=days(10),
            visibility=Visibility.MEMBERS,
        ),
        "draft_meeting": MeetingFactory(
            title="下書きの会議", date=days(11), visibility=Visibility.DRAFT
        ),
        "public_activity": ActivityFactory(
            title="燕三条 工場の祭典 視察", start_date=days(20), visibility=Visibility.PUBLIC
        ),
        "members_activity": ActivityFactory(
            title="委員限定のセミナー", start_date=days(21), visibility=Visibility.MEMBERS
        ),
        "draft_activity": ActivityFactory(
            title="下書きの活動", start_date=days(22), visibility=Visibility.DRAFT
        ),
    }


# --- Public calendar ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_public_calendar_holds_public_events_only_whoever_asks(client_for_role, role, mixed):
    calendar = parse(client_for_role(role).get("/meetings/calendar.ics"))
    assert sorted(events(calendar)) == ["公開の定例会", "燕三条 工場の祭典 視察"]


def test_a_timed_meeting_is_in_tokyo_time_with_two_hours_by_default(client, site_url):
    meeting = MeetingFactory(
        title="定例会", date=days(5), start_time=dt.time(19, 0), place="綾瀬市役所"
    )
    AgendaItemFactory(meeting=meeting, order=1, title="高度人材について")
    AgendaItemFactory(meeting=meeting, order=2, title="委員会セミナーについて")

    calendar = parse(client.get("/meetings/calendar.ics"))

    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    event = events(calendar)["定例会"]
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("DTSTART") == dt.datetime.combine(days(5), dt.time(19), tzinfo=TOKYO)
    assert event.decoded("DTEND") == dt.datetime.combine(days(5), dt.time(21), tzinfo=TOKYO)
    assert str(event["UID"]) == f"meeting-{meeting.pk}@portal.example.jp"
    assert str(event["LOCATION"]) == "綾瀬市役所"
    assert str(event["URL"]) == f"http://testserver/meetings/{meeting.pk}/"
    assert str(event["DESCRIPTION"]) == "議題:\n・高度人材について\n・委員会セミナーについて"


def test_a_meeting_with_an_end_time_ends_then(client):
    MeetingFactory(
        title="定例会", date=days(5), start_time=dt.time(18, 30), end_time=dt.time(20, 0)
    )
    event = events(parse(client.get("/meetings/calendar.ics")))["定例会"]
    assert event.decoded("DTEND") == dt.datetime.combine(days(5), dt.time(20), tzinfo=TOKYO)


def test_a_meeting_without_a_time_is_an_all_day_event(client):
    MeetingFactory(title="定例会", date=days(5), start_time=None, place="")
    event = events(parse(client.get("/meetings/calendar.ics")))["定例会"]
    assert event.decoded("DTSTART") == days(5)
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)
    assert event.decoded("DTEND") == days(6)
    assert "LOCATION" not in event
    assert "DESCRIPTION" not in event


def test_an_activity_is_all_day_over_its_dates_inclusive(client, site_url):
    trip = ActivityFactory(
        title="燕三条 視察", start_date=days(7), end_date=days(9), description="工場の祭典"
    )
    ActivityFactory(title="セミナー", start_date=days(8), end_date=None)

    found = events(parse(client.get("/meetings/calendar.ics")))

    assert found["燕三条 視察"].decoded("DTSTART") == days(7)
    assert found["燕三条 視察"].decoded("DTEND") == days(10)  # the day after the last day
    assert found["セミナー"].decoded("DTSTART") == days(8)
    assert found["セミナー"].decoded("DTEND") == days(9)
    assert str(found["燕三条 視察"]["UID"]) == f"activity-{trip.pk}@portal.example.jp"
    assert str(found["燕三条 視察"]["DESCRIPTION"]) == "工場の祭典"


def test_the_calendar_keeps_the_last_thirty_days(client):
    MeetingFactory(title="30日前", date=days(-30))
    MeetingFactory(title="31日前", date=days(-31))
    ActivityFactory(title="続いている活動", start_date=days(-40), end_date=days(-30))
    ActivityFactory(title="終わった活動", start_date=days(-40), end_date=days(-31))
    assert sorted(events(parse(client.get("/meetings/calendar.ics")))) == [
        "30日前",
        "続いている活動",
    ]


def test_uids_do_not_change_between_requests(client):
    MeetingFactory(date=days(3))
    ActivityFactory(start_date=days(4))
    first = [str(e["UID"]) for e in parse(client.get("/meetings/calendar.ics")).walk("VEVENT")]
    again = [str(e["UID"]) for e in parse(client.get("/meetings/calendar.ics")).walk("VEVENT")]
    assert first == again and len(set(first)) == 2


def _make_events(count, member=None):
    for n in range(count):
        meeting = MeetingFactory(date=days(n), visibility=Visibility.MEMBERS)
        AgendaItemFactory(meeting=meeting, parent=AgendaItemFactory(meeting=meeting))
        activity = ActivityFactory(start_date=days(n), visibility=Visibility.PUBLIC)
        if member is not None:
            ActivityResponse.objects.create(activity=activity, member=member, answer="attend")
        MeetingFactory(date=days(n), kind="extraordinary", visibility=Visibility.PUBLIC)


@pytest.mark.parametrize("count", [3, 30])
def test_the_public_calendar_runs_three_queries_whatever_the_number_of_events(
    client, django_assert_num_queries, count
):
    _make_events(count)
    with django_assert_num_queries(3):  # meetings, their agendas, activities
        calendar = parse(client.get("/meetings/calendar.ics"))
    assert len(calendar.walk("VEVENT")) == 2 * count


# --- Private calendar of a member -------------------------------------------------------------


@pytest.fixture
def committee_member(member):
    """The committee member's account with its Member record."""
    return MemberFactory(user=member, name="斉藤")


def test_a_members_calendar_holds_members_only_events_but_no_drafts(client, mixed):
    token = calendar_token_issue(member=MemberFactory())
    response = client.get(f"/meetings/calendar/{token.key}.ics")
    assert sorted(events(parse(response))) == [
        "公開の定例会",
        "委員限定のセミナー",
        "委員限定の臨時会",
        "燕三条 工場の祭典 視察",
    ]
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_members_calendar_shows_their_own_answer_and_no_one_elses(client):
    me = MemberFactory(name="斉藤")
    other = MemberFactory(name="中島")
    seminar = ActivityFactory(
        title="セミナー",
        start_date=days(3),
        visibility=Visibility.MEMBERS,
        description="講師: 未定",
    )
    ActivityFactory(title="視察", start_date=days(4), visibility=Visibility.MEMBERS)
    ActivityResponse.objects.create(
        activity=seminar, member=me, answer="attend", comment="少し遅れます"
    )
    ActivityResponse.objects.create(
        activity=seminar, member=other, answer="decline", comment="出張のため"
    )
    token = calendar_token_issue(member=me)

    response = client.get(f"/meetings/calendar/{token.key}.ics")
    found = events(parse(response))

    assert (
        str(found["セミナー"]["DESCRIPTION"]) == "あなたの回答: 参加 (少し遅れます)\n\n講師: 未定"
    )
    assert str(found["視察"]["DESCRIPTION"]) == "あなたの回答: 未回答"
    body = response.content.decode()
    assert "中島" not in body and "出張のため" not in body and "不参加" not in body


def test_the_public_calendar_shows_no_answers(client):
    activity = ActivityFactory(title="視察", start_date=days(4))
    ActivityResponse.objects.create(activity=activity, member=MemberFactory(), answer="attend")
    assert "DESCRIPTION" not in events(parse(client.get("/meetings/calendar.ics")))["視察"]


def test_a_revoked_key_gets_404(client):
    token = calendar_token_issue(member=MemberFactory())
    url = f"/meetings/calendar/{token.key}.ics"
    assert client.get(url).status_code == 200
    calendar_token_revoke(token=token)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "key", ["unknown", "x" * 43, "a" * 200, "%E5%AF%AE", "..%2F..%2Fetc%2Fpasswd"]
)
def test_an_unknown_key_gets_404(client, key):
    calendar_token_issue(member=MemberFactory())
    assert client.get(f"/meetings/calendar/{key}.ics").status_code == 404


def test_the_key_of_a_member_who_left_gets_404(client):
    member = MemberFactory()
    token = calendar_token_issue(member=member)
    member.is_active = False
    member.save()
    assert client.get(f"/meetings/calendar/{token.key}.ics").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_private_calendar_runs_five_queries_whatever_the_number_of_events(
    client, django_assert_num_queries, count
):
    member = MemberFactory()
    _make_events(count, member=member)
    token = calendar_token_issue(member=member)
    # token, meetings, their agendas, activities, the member's answers
    with django_assert_num_queries(5):
        calendar = parse(client.get(f"/meetings/calendar/{token.key}.ics"))
    assert len(calendar.walk("VEVENT")) == 3 * count


def test_issuing_a_token_revokes_the_one_before():
    member = MemberFactory()
    first = calendar_token_issue(member=member)
    second = calendar_token_issue(member=member)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert first.key != second.key
    assert CalendarToken.objects.filter(member=member, revoked_at__isnull=True).count() == 1


def test_revoking_twice_keeps_the_first_time():
    token = calendar_token_revoke(token=calendar_token_issue(member=MemberFactory()))
    revoked_at = token.revoked_at
    assert calendar_token_revoke(token=token).revoked_at == revoked_at


# --- The page of a member's calendar URL ------------------------------------------------------

LINK_PAGE = "/meetings/calendar/"


@pytest.mark.parametrize("role", ROLES)
def test_the_calendar_link_page_for_every_role(client_for_role, user_for_role, role):
    user = user_for_role(role)
    if user is not None:
        # Even a Member record does not open the page to someone outside the committee group.
        MemberFactory(user=user)
    response = client_for_role(role).get(LINK_PAGE)
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    elif role == "member":
        assert response.status_code == 200
        assert "カレンダーのURLを作成" in response.content.decode()
    else:
        assert response.status_code == 403


def test_a_committee_member_without_a_member_record_is_told_to_contact_the_secretariat(
    client, member
):
    client.force_login(member)
    response = client.get(LINK_PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "事務局(綾瀬市 工業振興企業誘致課)にご連絡ください" in body
    assert 'name="action"' not in body
    # Nothing to post either.
    assert client.post(LINK_PAGE, {"action": "issue"}).status_code == 403
    assert not CalendarToken.objects.exists()


def test_a_member_makes_renews_and_stops_their_calendar_url(client, member, committee_member):
    client.force_login(member)

    response = client.post(LINK_PAGE, {"action": "issue"}, follow=True)
    token = CalendarToken.objects.get(member=committee_member, revoked_at__isnull=True)
    body = response.content.decode()
    assert "新しいカレンダーのURLを作成しました" in body
    https = f"http://testserver/meetings/calendar/{token.key}.ics"
    assert f'value="{https}"' in body
    assert f'href="webcal://testserver/meetings/calendar/{token.key}.ics"' in body
    assert Client().get(https).status_code == 200

    client.post(LINK_PAGE, {"action": "issue"})
    renewed = CalendarToken.objects.get(member=committee_member, revoked_at__isnull=True)
    assert renewed.key != token.key
    assert Client().get(https).status_code == 404
    assert Client().get(f"/meetings/calendar/{renewed.key}.ics").status_code == 200

    response = client.post(LINK_PAGE, {"action": "revoke"}, follow=True)
    assert "カレンダーのURLを停止しました" in response.content.decode()
    assert Client().get(f"/meetings/calendar/{renewed.key}.ics").status_code == 404
    assert not CalendarToken.objects.filter(revoked_at__isnull=True).exists()
    assert "カレンダーのURLを作成" in response.content.decode()
    assert renewed.key not in response.content.decode()


def test_a_member_sees_only_their_own_url(client, member, committee_member):
    someone_else = calendar_token_issue(member=MemberFactory())
    client.force_login(member)
    assert someone_else.key not in client.get(LINK_PAGE).content.decode()
    client.post(LINK_PAGE, {"action": "revoke"})
    someone_else.refresh_from_db()
    assert someone_else.revoked_at is None


def test_a_post_without_the_csrf_token_is_refused(member, committee_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(LINK_PAGE, {"action": "issue"}).status_code == 403
    assert not CalendarToken.objects.exists()


@pytest.mark.parametrize("data", [{}, {"action": "delete-everything"}, {"action": "x" * 5000}])
def test_a_post_of_nonsense_changes_nothing(client, member, committee_member, data):
    client.force_login(member)
    response = client.post(LINK_PAGE, data, follow=True)
    assert response.status_code == 200
    assert "いずれかのボタンを選んでください" in response.content.decode()
    assert not CalendarToken.objects.exists()


def test_the_link_page_is_never_cached(client, member, committee_member):
    client.force_login(member)
    assert "no-store" in client.get(LINK_PAGE)["Cache-Control"]


def test_the_link_page_runs_a_constant_number_of_queries(
    client, member, committee_member, django_assert_num_queries
):
    calendar_token_issue(member=committee_member)
    client.force_login(member)
    client.get(LINK_PAGE)
    # session, user, groups with company memberships (header), member, token
    with django_assert_num_queries(5):
        assert client.get(LINK_PAGE).status_code == 200


def test_a_member_record_of_a_left_member_gives_no_link(client, member):
    MemberFactory(user=member, is_active=False)
    client.force_login(member)
    body = client.get(LINK_PAGE).content.decode()
    assert "事務局(綾瀬市 工業振興企業誘致課)にご連絡ください" in body


def test_another_account_cannot_use_a_member_record_it_is_not_linked_to(client):
    MemberFactory(user=UserFactory())
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(LINK_PAGE).status_code == 403
