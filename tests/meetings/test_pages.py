"""The committee's pages for every role: what each sees of public, members-only and draft minutes."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from meetings.models import ActivityResponse, Attachment, Visibility
from tests.conftest import ROLES
from tests.meetings.factories import (
    ActionItemFactory,
    ActivityFactory,
    AgendaItemFactory,
    AttendanceFactory,
    LinkFactory,
    MeetingFactory,
    MemberFactory,
    NoteFactory,
)

pytestmark = pytest.mark.django_db

MEMBERS_SEE = {"member", "staff", "superuser"}
STAFF_SEE = {"staff", "superuser"}


@pytest.fixture
def meetings(db):
    return {
        Visibility.PUBLIC: MeetingFactory(
            title="公開の定例会", visibility=Visibility.PUBLIC, date=dt.date(2022, 9, 5)
        ),
        Visibility.MEMBERS: MeetingFactory(
            title="委員限定の定例会", visibility=Visibility.MEMBERS, date=dt.date(2022, 10, 3)
        ),
        Visibility.DRAFT: MeetingFactory(
            title="下書きの定例会", visibility=Visibility.DRAFT, date=dt.date(2022, 11, 7)
        ),
    }


def may_see(role, visibility):
    return (
        visibility == Visibility.PUBLIC
        or (visibility == Visibility.MEMBERS and role in MEMBERS_SEE)
        or role in STAFF_SEE
    )


@pytest.mark.parametrize("role", ROLES)
def test_meeting_list_shows_what_the_role_may_see(client_for_role, role, meetings):
    body = client_for_role(role).get("/meetings/").content.decode()
    for visibility, meeting in meetings.items():
        assert (meeting.title in body) == may_see(role, visibility), (role, visibility)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", Visibility.values)
@pytest.mark.parametrize("page", ["", "print/"])
def test_meeting_and_print_pages(client_for_role, role, visibility, page, meetings):
    meeting = meetings[visibility]
    response = client_for_role(role).get(f"{meeting.get_absolute_url()}{page}")
    assert response.status_code == (200 if may_see(role, visibility) else 404)
    if response.status_code == 200:
        assert meeting.title in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", Visibility.values)
def test_attachments_are_checked_on_download(client_for_role, role, visibility, meetings):
    attachment = Attachment(
        meeting=meetings[visibility], title="資料", content_type="application/pdf", size=9
    )
    attachment.file.save("資料.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    response = client_for_role(role).get(attachment.get_absolute_url())
    if may_see(role, visibility):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 404
    # The file has no public URL: the storage gives none.
    assert not attachment.file.storage.base_url or "private" not in attachment.file.storage.base_url


def test_a_missing_attachment_file_is_a_404_not_a_500(client, meetings):
    attachment = Attachment.objects.create(
        meeting=meetings[Visibility.PUBLIC], title="資料", file="meetings/gone.pdf"
    )
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_meeting_page_shows_agenda_notes_links_attendance(client):
    meeting = MeetingFactory(title="定例会", date=dt.date(2022, 9, 5))
    item = AgendaItemFactory(
        meeting=meeting, title="あやせ工場オープンファクトリーについて", order=1
    )
    child = AgendaItemFactory(meeting=meeting, parent=item, title="吉岡エリア", order=2)
    NoteFactory(item=item, text="のべ450人が来場 https://www.ayase-kougyoudanchi.jp/open-factory/")
    NoteFactory(item=child, text="満足度が高い")
    LinkFactory(
        item=item,
        label="Instagram @ayaseopenfactory",
        url="https://www.instagram.com/ayaseopenfactory/",
        kind="sns",
    )
    AttendanceFactory(meeting=meeting, member=MemberFactory(name="斉藤"))
    AttendanceFactory(meeting=meeting, member=None, name_as_written="来賓の方", status="guest")
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "2022年9月5日(月) 19:00" in body
    assert "あやせ工場オープンファクトリーについて" in body and "吉岡エリア" in body
    assert (
        '<a href="https://www.ayase-kougyoudanchi.jp/open-factory/"' in body
    )  # URLs in notes are links
    assert 'href="https://www.instagram.com/ayaseopenfactory/"' in body
    assert "斉藤" in body and "来賓の方" in body


def test_note_text_is_escaped(client):
    meeting = MeetingFactory()
    NoteFactory(
        item=AgendaItemFactory(meeting=meeting),
        text='<script>alert(1)</script><a href="javascript:x">x</a>',
    )
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    assert 'href="javascript:' not in body


def test_open_action_items_carry_over_to_later_meetings(client):
    first = MeetingFactory(date=dt.date(2022, 9, 5))
    later = MeetingFactory(date=dt.date(2022, 10, 3))
    ActionItemFactory(meeting=first, text="先方との打合せ", due_date=dt.date(2022, 9, 6))
    ActionItemFactory(meeting=first, text="済んだ課題", status="done")
    body = client.get(later.get_absolute_url()).content.decode()
    assert "先方との打合せ" in body
    assert "済んだ課題" not in body


def test_previous_and_next_skip_what_the_viewer_may_not_see(client, meetings):
    extra = MeetingFactory(title="次の公開会議", date=dt.date(2022, 12, 5))
    body = client.get(meetings[Visibility.PUBLIC].get_absolute_url()).content.decode()
    assert extra.title in body
    assert "委員限定の定例会" not in body and "下書きの定例会" not in body


def test_meetings_by_year_and_bad_year_parameters(client):
    MeetingFactory(title="2021年の会議", date=dt.date(2021, 5, 1))
    MeetingFactory(title="2022年の会議", date=dt.date(2022, 5, 1))
    body = client.get("/meetings/?year=2021").content.decode()
    assert "2021年の会議" in body and "2022年の会議" not in body
    for bad in ("abc", "1999", "99999999999999999999"):
        assert client.get(f"/meetings/?year={bad}").status_code == 200


def test_meeting_list_paginates_newest_first(client):
    for i in range(25):
        MeetingFactory(title=f"会議{i:02d}", date=dt.date(2020, 1, 1) + dt.timedelta(days=i))
    first = client.get("/meetings/").content.decode()
    assert first.count("meeting-row") == 20
    assert first.index("会議24") < first.index("会議23")
    assert client.get("/meetings/?page=2").content.decode().count("meeting-row") == 5


@pytest.mark.parametrize("role", ROLES)
def test_attendance_rates_count_only_visible_meetings(client_for_role, role, meetings):
    saito = MemberFactory(name="斉藤")
    for meeting in meetings.values():
        AttendanceFactory(meeting=meeting, member=saito)
    response = client_for_role(role).get("/meetings/attendance/")
    assert response.status_code == 200
    (year,) = response.context["years"]
    assert year.meetings == sum(may_see(role, v) for v in meetings)
    assert [(row.member.name, row.present) for row in year.rows] == [("斉藤", year.meetings)]
    assert "100%" in response.content.decode()


def test_attendance_rate_per_member_per_year(client):
    saito, kon = MemberFactory(name="斉藤"), MemberFactory(name="今")
    for month in (1, 2, 3, 4):
        meeting = MeetingFactory(date=dt.date(2022, month, 10))
        AttendanceFactory(meeting=meeting, member=saito)
        if month == 1:
            AttendanceFactory(meeting=meeting, member=kon)
            AttendanceFactory(meeting=meeting, member=None, name_as_written="来賓")
    absent = MeetingFactory(date=dt.date(2023, 1, 10))
    AttendanceFactory(meeting=absent, member=kon, status="absent")
    response = client.get("/meetings/attendance/")
    years = {y.year: y for y in response.context["years"]}
    assert years[2022].meetings == 4
    assert {r.member.name: r.present for r in years[2022].rows} == {"斉藤": 4, "今": 1}
    assert {r.member.name: r.present for r in years[2023].rows} == {"斉藤": 0, "今": 0}
    body = response.content.decode()
    assert "25%" in body and "100%" in body


@pytest.mark.parametrize("role", ROLES)
def test_activities_and_answers(client_for_role, role):
    public = ActivityFactory(title="燕三条 視察", visibility=Visibility.PUBLIC)
    members_only = ActivityFactory(title="委員だけの視察", visibility=Visibility.MEMBERS)
    draft = ActivityFactory(title="準備中の視察", visibility=Visibility.DRAFT)
    someone = MemberFactory(name="丸山")
    ActivityResponse.objects.create(
        activity=public, member=someone, answer="attend", comment="参加します"
    )
    client = client_for_role(role)
    listing = client.get("/meetings/activities/").content.decode()
    assert "燕三条 視察" in listing
    assert ("委員だけの視察" in listing) == (role in MEMBERS_SEE)
    assert ("準備中の視察" in listing) == (role in STAFF_SEE)
    page = client.get(public.get_absolute_url())
    assert page.status_code == 200
    # Who attends what is for the committee and its secretariat.
    assert ("参加します" in page.content.decode()) == (role in MEMBERS_SEE)
    assert client.get(members_only.get_absolute_url()).status_code == (
        200 if role in MEMBERS_SEE else 404
    )
    assert client.get(draft.get_absolute_url()).status_code == (200 if role in STAFF_SEE else 404)


def test_a_member_answers_an_activity(client, member):
    me = MemberFactory(name="今", user=member)
    activity = ActivityFactory(visibility=Visibility.MEMBERS)
    client.force_login(member)
    assert "参加しますか" in client.get(activity.get_absolute_url()).content.decode()
    response = client.post(
        f"{activity.get_absolute_url()}answer/", {"answer": "attend", "comment": "１０日のみ"}
    )
    assert response.status_code == 302
    answer = ActivityResponse.objects.get(activity=activity, member=me)
    assert (answer.answer, answer.comment) == ("attend", "10日のみ")
    client.post(f"{activity.get_absolute_url()}answer/", {"answer": "decline", "comment": ""})
    assert ActivityResponse.objects.get(activity=activity, member=me).answer == "decline"


def test_a_bad_answer_gets_a_message_and_keeps_the_comment(client, member):
    MemberFactory(user=member)
    activity = ActivityFactory()
    client.force_login(member)
    response = client.post(
        f"{activity.get_absolute_url()}answer/", {"answer": "maybe", "comment": "検討中"}
    )
    assert response.status_code == 400
    assert "検討中" in response.content.decode()
    assert not ActivityResponse.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "visitor", "editor", "owner", "staff"])
def test_only_members_with_a_member_record_answer(client_for_role, role):
    activity = ActivityFactory()
    response = client_for_role(role).post(
        f"{activity.get_absolute_url()}answer/", {"answer": "attend"}
    )
    assert response.status_code == 404
    assert not ActivityResponse.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_open_action_items_by_owner(client_for_role, role, meetings):
    kon = MemberFactory(name="今")
    ActionItemFactory(
        meeting=meetings[Visibility.PUBLIC], text="公開の課題", owner_member=kon, owner_name=""
    )
    ActionItemFactory(meeting=meetings[Visibility.MEMBERS], text="委員の課題", owner_name="事務局")
    ActionItemFactory(meeting=meetings[Visibility.DRAFT], text="下書きの課題", owner_name="事務局")
    ActionItemFactory(meeting=meetings[Visibility.PUBLIC], text="終わった課題", status="done")
    body = client_for_role(role).get("/meetings/action-items/").content.decode()
    assert "公開の課題" in body and "今" in body
    assert ("委員の課題" in body) == (role in MEMBERS_SEE)
    assert ("下書きの課題" in body) == (role in STAFF_SEE)
    assert "終わった課題" not in body


def test_a_meeting_links_the_previous_and_next_meetings_the_reader_may_see(client, member):
    """The neighbours come with the meeting's own query; a members-only meeting between two
    public ones is skipped for a visitor and linked for a committee member, a draft for both."""
    first = MeetingFactory(date=dt.date(2022, 7, 4), title="七月の定例会")
    closed = MeetingFactory(
        date=dt.date(2022, 8, 1), title="八月の定例会", visibility=Visibility.MEMBERS
    )
    MeetingFactory(date=dt.date(2022, 8, 20), title="下書きの会", visibility=Visibility.DRAFT)
    middle = MeetingFactory(date=dt.date(2022, 9, 5), title="九月の定例会")
    last = MeetingFactory(date=dt.date(2022, 10, 3), title="十月の定例会")

    def links(page):
        body = page.content.decode()
        found = {}
        for rel in ("prev", "next"):
            start = body.find(f'rel="{rel}"')
            found[rel] = (
                body[body.rfind("<a", 0, start) : body.find("</a>", start)] if start > 0 else ""
            )
        return found

    seen = links(client.get(middle.get_absolute_url()))
    assert first.get_absolute_url() in seen["prev"] and "七月の定例会" in seen["prev"]
    assert last.get_absolute_url() in seen["next"] and "十月の定例会" in seen["next"]
    client.force_login(member)
    seen = links(client.get(middle.get_absolute_url()))
    assert closed.get_absolute_url() in seen["prev"] and "八月の定例会" in seen["prev"]
    seen = links(client.get(last.get_absolute_url()))
    assert middle.get_absolute_url() in seen["prev"] and seen["next"] == ""
