"""The secretariat's admin of the minutes: import, publish, export, resolve names, edit inline."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo_data.seeds import committee_seed_text
from meetings import services
from meetings.demo import SEED_MEMBERS
from meetings.importer import minutes_import
from meetings.minutes_parser import parse_minutes
from meetings.models import AgendaItem, Attendance, Meeting, SearchToken, Visibility
from tests.conftest import ADMIN, ROLES
from tests.html_forms import form_data
from tests.meetings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MemberFactory,
    NoteFactory,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = f"{ADMIN}meetings/meeting/import/"
SHEET_URL = f"{ADMIN}meetings/meeting/attendance-sheet/"
CHANGELIST = f"{ADMIN}meetings/meeting/"
BOM = b"\xef\xbb\xbf"
STAFF = {"staff", "superuser"}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def seed_members(db):
    return [
        MemberFactory(name=name, name_kana="", role=role, order=i)
        for i, (name, role) in enumerate(SEED_MEMBERS, start=1)
    ]


@pytest.fixture
def one_kawasaki(db):
    """The committee with one 川崎 only: the seed's second 川崎 matches nobody."""
    names = dict.fromkeys(name for name, _role in SEED_MEMBERS)
    return [MemberFactory(name=name, name_kana="", order=i) for i, name in enumerate(names)]


def seed_meeting(**kwargs):
    text = committee_seed_text()
    return minutes_import(parsed=parse_minutes(text), source_text=text, **kwargs).meeting


def upload(client, content: bytes, name="minutes.txt", **fields):
    data = {"visibility": "draft", "text": "", **fields}
    data["file"] = SimpleUploadedFile(name, content, content_type="text/plain")
    return client.post(IMPORT_URL, data)


def field_errors(response, field):
    return [str(e) for e in response.context["adminform"].form.errors.get(field, [])]


# Who reaches the minutes' admin ---------------------------------------------------------------


def minutes_admin_urls():
    return [
        IMPORT_URL,
        SHEET_URL,
        f"{SHEET_URL}?year=2022",
        CHANGELIST,
        f"{ADMIN}meetings/meeting/add/",
        f"{ADMIN}meetings/agendaitem/",
        f"{ADMIN}meetings/attendance/?unresolved=yes",
        f"{ADMIN}meetings/member/",
        f"{ADMIN}meetings/actionitem/",
        f"{ADMIN}meetings/activity/",
        f"{ADMIN}meetings/calendartoken/",
        f"{ADMIN}meetings/attachment/",
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", minutes_admin_urls())
def test_only_city_staff_reach_the_minutes_admin(client_for_role, role, url):
    MeetingFactory(date=dt.date(2022, 9, 5))
    response = client_for_role(role).get(url)
    if role in STAFF:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith(f"{ADMIN}login/")


@pytest.mark.parametrize("role", ["visitor", "editor", "owner", "member"])
def test_others_cannot_import_publish_or_export(client_for_role, role, seed_members):
    client = client_for_role(role)
    meeting = MeetingFactory(visibility=Visibility.DRAFT)
    response = upload(client, committee_seed_text().encode())
    assert response.status_code == 302 and response.url.startswith(f"{ADMIN}login/")
    for action in ["publish_public", "export_attendance_csv"]:
        response = client.post(CHANGELIST, {"action": action, "_selected_action": [meeting.pk]})
        assert response.status_code == 302 and response.url.startswith(f"{ADMIN}login/")
    meeting.refresh_from_db()
    assert meeting.visibility == Visibility.DRAFT
    assert Meeting.objects.count() == 1


def test_the_changelist_offers_the_import(staff_client):
    body = staff_client.get(CHANGELIST).content.decode()
    assert f'href="{IMPORT_URL}"' in body
    assert "議事録を取り込む" in body
    assert f'href="{SHEET_URL}"' in body


# The import journey --------------------------------------------------------------------------


def test_staff_preview_then_import_the_seed(staff_client, one_kawasaki):
    page = staff_client.get(IMPORT_URL)
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()

    preview = upload(staff_client, committee_seed_text().encode("utf-8"), name="議事録.txt")
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "2022年9月5日(月)" in body
    assert "19:00" in body
    assert "綾瀬イノベーション推進委員会 定例会 議事録" in body
    assert "議事録.txt" in body
    assert "新しい会議を作成します" in body
    attendees = body.split('id="preview-attendees"')[1].split("</table>")[0]
    assert attendees.count("<tr>") == 12  # the header and eleven names
    assert attendees.count("未照合") == 1  # the second 川崎
    agenda = body.split('id="preview-agenda"')[1].split("</table>")[0]
    assert "燕三条 工場の祭典 視察について" in agenda
    assert "twitter @ayasefactory: https://twitter.com/ayasefactory" in agenda
    assert "○結成" not in agenda
    assert "議題: 8件" in body and "メモ 37件" in body and "リンク 4件" in body
    assert "議事録は84行目で終わります" in body  # the warning that the profile was left out
    assert not Meeting.objects.exists()  # nothing is stored by a preview

    data = form_data(body, form_id="minutes-import-confirm")
    assert data["visibility"] == "draft" and "replace" not in data
    response = staff_client.post(IMPORT_URL, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert meeting.visibility == Visibility.DRAFT and meeting.published_at is None
    assert meeting.attendances.count() == 11
    assert meeting.agenda_items.filter(parent=None).count() == 8

    page = staff_client.get(response.url).content.decode()
    assert "2022年9月5日(月)の議事録を新しい会議として取り込みました。" in page
    assert "どの委員とも一致しない名前があります: 川崎" in page
    link = f"{ADMIN}meetings/attendance/?meeting__id__exact={meeting.pk}&amp;unresolved=yes"
    assert link in page
    unresolved = staff_client.get(link.replace("&amp;", "&"))
    assert [a.name_as_written for a in unresolved.context["cl"].result_list] == ["川崎"]


def test_a_shift_jis_file_is_previewed_in_japanese(staff_client, seed_members):
    sjis = committee_seed_text().replace("\u00a0", " ").encode("cp932")
    body = upload(staff_client, sjis).content.decode()
    assert "綾瀬イノベーション推進委員会 定例会 議事録" in body
    assert "あやせ工場オープンファクトリーについて" in body
    assert "未照合" not in body
    staff_client.post(IMPORT_URL, form_data(body, form_id="minutes-import-confirm"))
    assert Meeting.objects.get().title == "綾瀬イノベーション推進委員会 定例会 議事録"


def test_pasted_minutes_are_imported_too(staff_client, seed_members):
    response = staff_client.post(
        IMPORT_URL, {"text": committee_seed_text(), "visibility": "members"}
    )
    body = response.content.decode()
    assert "2022年9月5日(月)" in body
    data = form_data(body, form_id="minutes-import-confirm")
    assert data["visibility"] == "members"
    staff_client.post(IMPORT_URL, data)
    meeting = Meeting.objects.get()
    assert meeting.visibility == Visibility.MEMBERS and meeting.published_at is not None


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\xff\xfe",
        bytes(range(256)),
    ],
    ids=["png", "pdf", "bytes"],
)
def test_a_binary_file_gets_an_error_beside_the_field(staff_client, content):
    response = upload(staff_client, content, name="minutes.txt", visibility="members")
    assert response.status_code == 200
    errors = field_errors(response, "file")
    assert errors and "テキストとして読めません" in errors[0]
    body = response.content.decode()
    assert '<div class="form-row errors field-file">' in body
    assert 'value="members" selected' in body  # what was chosen is kept
    assert not Meeting.objects.exists()


def test_minutes_without_a_date_get_an_error_beside_the_field(staff_client):
    response = staff_client.post(
        IMPORT_URL, {"text": "定例会 議事録\n議題\n○その他\n・連絡事項", "visibility": "draft"}
    )
    assert response.status_code == 200
    assert "日付が見つかりません" in field_errors(response, "date")[0]
    assert "定例会 議事録\n議題\n○その他" in response.content.decode()  # the text is kept
    assert not Meeting.objects.exists()


def test_a_file_over_one_megabyte_is_refused(staff_client):
    response = upload(staff_client, b"a" * (1024 * 1024 + 1))
    assert "1 MB" in field_errors(response, "file")[0]


def test_no_file_and_no_text_is_refused_with_a_message(staff_client):
    response = staff_client.post(IMPORT_URL, {"visibility": "draft", "text": ""})
    assert response.status_code == 200
    assert "議事録のファイルを選ぶか、貼り付けてください" in response.content.decode()


def test_a_tampered_preview_is_sent_back_to_the_upload(staff_client):
    response = staff_client.post(
        IMPORT_URL, {"source": "forged", "visibility": "public", "replace": "on"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "プレビューの有効期限が切れました" in body
    assert 'value="public" selected' in body
    assert not Meeting.objects.exists()


def test_a_meeting_edited_by_staff_is_kept_unless_replace_is_ticked(staff_client, seed_members):
    meeting = seed_meeting()
    meeting.title = "定例会(修正済み)"
    meeting.save()
    services.meeting_edited(meeting=meeting)

    body = upload(staff_client, committee_seed_text().encode()).content.decode()
    assert "スタッフが編集しています" in body
    response = staff_client.post(
        IMPORT_URL, form_data(body, form_id="minutes-import-confirm"), follow=True
    )
    assert "そのままにしました" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "定例会(修正済み)"

    data = form_data(body, form_id="minutes-import-confirm") | {"replace": "on"}
    response = staff_client.post(IMPORT_URL, data, follow=True)
    assert "議事録から更新しました" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "綾瀬イノベーション推進委員会 定例会 議事録"
    assert Meeting.objects.count() == 1


# Publishing ----------------------------------------------------------------------------------


def test_the_publish_action_opens_minutes_to_everyone(staff_client):
    draft = MeetingFactory(visibility=Visibility.DRAFT)
    other = MeetingFactory(visibility=Visibility.DRAFT)
    response = staff_client.post(
        CHANGELIST, {"action": "publish_public", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1件の会議を一般公開しました。" in response.content.decode()
    draft.refresh_from_db()
    other.refresh_from_db()
    assert draft.visibility == Visibility.PUBLIC and draft.published_at is not None
    assert other.visibility == Visibility.DRAFT and other.published_at is None


def test_the_members_only_action_keeps_the_first_publication_date(staff_client):
    first = dt.datetime(2022, 9, 10, 9, 0, tzinfo=dt.UTC)
    meeting = MeetingFactory(visibility=Visibility.PUBLIC, published_at=first)
    response = staff_client.post(
        CHANGELIST, {"action": "publish_members", "_selected_action": [meeting.pk]}, follow=True
    )
    assert "委員限定で公開しました" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.visibility == Visibility.MEMBERS and meeting.published_at == first


def test_publishing_warns_about_text_left_unplaced(staff_client):
    meeting = MeetingFactory(visibility=Visibility.DRAFT, unparsed="読めなかった行")
    response = staff_client.post(
        CHANGELIST, {"action": "publish_public", "_selected_action": [meeting.pk]}, follow=True
    )
    assert "取り込みで置き場所が決まらなかったテキストが残っています" in response.content.decode()


def test_a_meeting_added_in_the_admin_is_a_draft(staff_client):
    form = staff_client.get(f"{ADMIN}meetings/meeting/add/").content.decode()
    assert form_data(form, form_id="meeting_form")["visibility"] == "draft"


# Exports -------------------------------------------------------------------------------------


def test_attendance_csv_opens_in_excel_with_japanese_intact(staff_client, one_kawasaki):
    meeting = seed_meeting()
    MeetingFactory(date=dt.date(2022, 10, 3))  # not selected: not exported
    response = staff_client.post(
        CHANGELIST, {"action": "export_attendance_csv", "_selected_action": [meeting.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="attendance_2022-09-05.csv"' in response["Content-Disposition"]
    assert response.content.startswith(BOM)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["日付", "会議", "記載どおりの氏名", "委員", "出欠"]
    assert len(rows) == 12
    assert rows[1] == [
        "2022-09-05",
        "綾瀬イノベーション推進委員会 定例会 議事録",
        "斉藤",
        "斉藤",
        "出席",
    ]
    assert rows[11][2:4] == ["川崎", "(未照合)"]


def test_csv_cells_are_never_run_as_formulas(staff_client):
    attendance = AttendanceFactory(member=None, name_as_written='=HYPERLINK("x")')
    response = staff_client.post(
        CHANGELIST,
        {"action": "export_attendance_csv", "_selected_action": [attendance.meeting.pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == '\'=HYPERLINK("x")'


def test_the_attendance_sheet_of_a_year(staff_client, one_kawasaki):
    seed_meeting()
    page = staff_client.get(SHEET_URL).content.decode()
    assert 'href="?year=2022"' in page
    response = staff_client.get(SHEET_URL, {"year": "2022"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["名前", "09/05 定例会", "出席回数", "出席率"]
    assert ["斉藤", "○", "1", "100%"] in rows
    assert ["川崎 (未照合)", "○", "1", "100%"] in rows


# Resolving names the importer could not match -----------------------------------------------


def test_the_unresolved_filter_lists_names_matching_no_member(staff_client, one_kawasaki):
    seed_meeting()
    response = staff_client.get(f"{ADMIN}meetings/attendance/", {"unresolved": "yes"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert [a.name_as_written for a in response.context["cl"].result_list] == ["川崎"]
    assert "未照合: どの委員とも一致しない" in response.content.decode()


def test_staff_resolve_a_name_in_the_list(staff_client, one_kawasaki):
    meeting = seed_meeting()
    second = MemberFactory(name="川崎 次郎")
    page = staff_client.get(f"{ADMIN}meetings/attendance/", {"unresolved": "yes"})
    data = form_data(page.content.decode(), form_id="changelist-form")
    data["form-0-member"] = str(second.pk)
    data["_save"] = "保存"
    response = staff_client.post(f"{ADMIN}meetings/attendance/?unresolved=yes", data)
    assert response.status_code == 302
    attendance = meeting.attendances.get(order=11)
    assert attendance.member == second
    meeting.refresh_from_db()
    assert meeting.edited_at is not None
    assert "川崎 次郎" in meeting.search_text


def test_a_member_cannot_be_entered_twice_for_one_meeting(staff_client, one_kawasaki):
    meeting = seed_meeting()
    saito = meeting.attendances.get(order=1).member
    page = staff_client.get(f"{ADMIN}meetings/attendance/", {"unresolved": "yes"})
    data = form_data(page.content.decode(), form_id="changelist-form")
    data["form-0-member"] = str(saito.pk)
    data["_save"] = "保存"
    response = staff_client.post(f"{ADMIN}meetings/attendance/?unresolved=yes", data)
    assert response.status_code == 200
    assert "この委員はすでにこの会議の出席者に入っています" in response.content.decode()
    assert meeting.attendances.get(order=11).member is None


# Editing the minutes by hand -----------------------------------------------------------------


def test_saving_an_agenda_item_marks_the_meeting_edited_and_updates_search(staff_client):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="その他")
    NoteFactory(item=item, text="実習生の寮について")
    services.meeting_edited(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(edited_at=None)

    url = f"{ADMIN}meetings/agendaitem/{item.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="agendaitem_form")
    assert data["notes-0-text"] == "実習生の寮について"
    data["notes-0-text"] = "社員寮の見学会を企画"
    data["notes-1-text"] = "ＩＴ人材の採用"  # the empty extra row, typed full-width
    response = staff_client.post(url, data)
    assert response.status_code == 302

    meeting.refresh_from_db()
    assert meeting.edited_at is not None
    assert "社員寮の見学会を企画" in meeting.search_text
    assert "実習生" not in meeting.search_text
    assert item.notes.order_by("pk").last().text == "IT人材の採用"
    assert SearchToken.objects.filter(meeting=meeting, token="社員").exists()


def test_saving_the_meeting_with_its_inlines_marks_it_edited(staff_client, seed_members):
    meeting = seed_meeting()
    url = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    assert data["agenda_items-0-title"] == "燕三条 工場の祭典 視察について"
    data["agenda_items-4-title"] = "その他(報告)"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.edited_at is not None
    assert "その他(報告)" in meeting.search_text
    assert AgendaItem.objects.filter(meeting=meeting, parent=None).count() == 8


def test_saving_without_a_change_does_not_mark_the_meeting(staff_client, seed_members):
    meeting = seed_meeting()
    url = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    assert staff_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.edited_at is None


def test_making_a_meeting_public_in_the_form_dates_its_publication(staff_client):
    meeting = MeetingFactory(visibility=Visibility.DRAFT)
    url = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    data["visibility"] = "public"
    assert staff_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.visibility == Visibility.PUBLIC and meeting.published_at is not None
    assert meeting.edited_at is None  # publishing is no edit of the minutes: imports go on


def test_a_sub_item_cannot_hang_under_another_meetings_item(staff_client):
    item = AgendaItemFactory()
    foreign = AgendaItemFactory()
    url = f"{ADMIN}meetings/agendaitem/{item.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="agendaitem_form")
    data["parent"] = str(foreign.pk)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.parent is None


def test_the_meeting_page_reads_its_rows_in_a_constant_number_of_queries(staff_client):
    def count(rows):
        meeting = MeetingFactory()
        for _ in range(rows):
            AttendanceFactory(meeting=meeting)
            NoteFactory(item=AgendaItemFactory(meeting=meeting))
        with CaptureQueriesContext(connection) as queries:
            assert (
                staff_client.get(f"{ADMIN}meetings/meeting/{meeting.pk}/change/").status_code == 200
            )
        return len(queries)

    count(1)  # the first page of a run reads what Django caches (content types)
    assert count(2) == count(12)


def test_the_attendance_list_reads_its_rows_in_a_constant_number_of_queries(staff_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(f"{ADMIN}meetings/attendance/").status_code == 200
        return len(queries)

    AttendanceFactory.create_batch(2)
    count()  # the first page of a run reads what Django caches (content types)
    few = count()
    AttendanceFactory.create_batch(20)
    assert count() == few
    assert Attendance.objects.count() == 22


def test_the_meeting_list_reads_in_a_constant_number_of_queries(staff_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(CHANGELIST).status_code == 200
        return len(queries)

    AttendanceFactory(meeting=MeetingFactory())
    count()  # the first page of a run reads what Django caches (content types)
    few = count()
    for _ in range(10):
        AttendanceFactory.create_batch(2, meeting=MeetingFactory())
    assert count() == few


def test_the_activity_page_reads_its_answers_in_a_constant_number_of_queries(staff_client):
    from tests.meetings.factories import ActivityFactory, ActivityResponseFactory

    def count(answers):
        activity = ActivityFactory()
        activity.agenda_items.add(AgendaItemFactory())
        ActivityResponseFactory.create_batch(answers, activity=activity)
        with CaptureQueriesContext(connection) as queries:
            url = f"{ADMIN}meetings/activity/{activity.pk}/change/"
            assert staff_client.get(url).status_code == 200
        return len(queries)

    count(1)  # the first page of a run reads what Django caches (content types)
    assert count(2) == count(10)


def test_the_import_needs_the_right_to_add_meetings(client, db):
    from tests.accounts.factories import UserFactory

    clerk = UserFactory(is_staff=True)  # staff without the city staff group: no rights
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(SHEET_URL).status_code == 403


def test_an_attendance_left_without_member_or_name_is_refused(staff_client):
    attendance = AttendanceFactory(name_as_written="")
    page = staff_client.get(f"{ADMIN}meetings/attendance/")
    data = form_data(page.content.decode(), form_id="changelist-form")
    data["form-0-member"] = ""
    data["_save"] = "保存"
    response = staff_client.post(f"{ADMIN}meetings/attendance/", data)
    assert response.status_code == 200
    assert "委員を選ぶか、議事録に書かれた名前を入力してください" in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.member is not None


def test_an_attendance_added_inline_takes_the_members_name(staff_client):
    meeting = MeetingFactory()
    member = MemberFactory(name="斉藤")
    url = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    data |= {
        "attendances-TOTAL_FORMS": "1",
        "attendances-0-order": "1",
        "attendances-0-member": str(member.pk),
        "attendances-0-status": "present",
    }
    assert staff_client.post(url, data).status_code == 302
    attendance = meeting.attendances.get()
    assert (attendance.member, attendance.name_as_written) == (member, "斉藤")


def test_an_action_item_done_in_the_meeting_page_is_dated(staff_client):
    from meetings.models import ActionItem
    from tests.meetings.factories import ActionItemFactory

    action = ActionItemFactory()
    url = f"{ADMIN}meetings/meeting/{action.meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    data["action_items-0-status"] = "done"
    assert staff_client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE and action.done_at is not None


def test_two_rows_of_one_member_in_the_meeting_page_are_refused(staff_client):
    meeting = MeetingFactory()
    member = MemberFactory()
    AttendanceFactory(meeting=meeting, member=member)
    url = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    data |= {
        "attendances-TOTAL_FORMS": "2",
        "attendances-1-order": "2",
        "attendances-1-member": str(member.pk),
        "attendances-1-status": "present",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "この委員はすでにこの会議の出席者に入っています" in response.content.decode()
    assert meeting.attendances.count() == 1


def test_two_members_can_be_swapped_in_the_meeting_page(staff_client):
    meeting = MeetingFactory()
    first, second = MemberFactory(), MemberFactory()
    AttendanceFactory(meeting=meeting, member=first, order=1)
    AttendanceFactory(meeting=meeting, member=second, order=2)
    url = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    data["attendances-0-member"], data["attendances-1-member"] = str(second.pk), str(first.pk)
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert [a.member for a in meeting.attendances.order_by("order")] == [second, first]


def test_two_members_can_be_swapped_in_the_attendance_list(staff_client):
    meeting = MeetingFactory()
    first, second = MemberFactory(), MemberFactory()
    AttendanceFactory(meeting=meeting, member=first, order=1)
    AttendanceFactory(meeting=meeting, member=second, order=2)
    page = staff_client.get(f"{ADMIN}meetings/attendance/", {"o": "4"})
    data = form_data(page.content.decode(), form_id="changelist-form")
    data["form-0-member"], data["form-1-member"] = data["form-1-member"], data["form-0-member"]
    data["_save"] = "保存"
    assert staff_client.post(f"{ADMIN}meetings/attendance/?o=4", data).status_code == 302
    assert [a.member for a in meeting.attendances.order_by("order")] == [second, first]


def test_staff_who_may_add_but_not_change_cannot_import_over_a_meeting(client, seed_members):
    from django.contrib.auth.models import Permission

    from tests.accounts.factories import UserFactory

    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_meeting", "view_meeting"])
    )
    client.force_login(clerk)
    meeting = seed_meeting()
    body = upload(client, committee_seed_text().encode()).content.decode()
    response = client.post(IMPORT_URL, form_data(body, form_id="minutes-import-confirm"))
    assert response.status_code == 403
    assert Meeting.objects.get().imported_at == meeting.imported_at


def test_the_admin_of_the_minutes_speaks_japanese(staff_client):
    item = AgendaItemFactory()
    AttendanceFactory(meeting=item.meeting)
    for url in [
        f"{ADMIN}meetings/attendance/",
        f"{ADMIN}meetings/agendaitem/{item.pk}/change/",
        f"{ADMIN}meetings/actionitem/add/",
        f"{ADMIN}meetings/attachment/add/",
    ]:
        body = staff_client.get(url).content.decode()
        assert "会議" in body
        assert ">meeting" not in body.lower().replace(" ", ""), url


def test_minutes_without_a_date_import_with_the_date_staff_enter(staff_client):
    text = "定例会 議事録\n議題\n○その他\n・連絡事項"
    form = staff_client.get(IMPORT_URL).content.decode()
    assert 'name="date"' in form and "会議の日付" in form
    preview = staff_client.post(
        IMPORT_URL, {"text": text, "date": "2021-05-10", "visibility": "draft"}
    )
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "2021年5月10日" in body or "令和3年5月10日" in body
    confirm = staff_client.post(IMPORT_URL, form_data(body, form_id="minutes-import-confirm"))
    assert confirm.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.date == dt.date(2021, 5, 10)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["その他"]


def test_an_impossible_date_is_named_beside_the_text(staff_client):
    response = staff_client.post(
        IMPORT_URL, {"text": "定例会 議事録\n2022/2/30 19:00\n○A\n・a", "visibility": "draft"}
    )
    assert "2行目: 2022/2/30 は存在しない日付です" in field_errors(response, "text")[0]
    assert not Meeting.objects.exists()


def test_staff_place_the_lines_the_parser_could_not_then_import(staff_client):
    text = "\n".join(
        [
            "2023/9/4 定例会 議事録",
            "議題",
            "迷子の見出し",  # line 3: before any heading
            "○予算について",
            "・会費を据え置く。",
            "【資料】 https://example.jp/a.pdf",
            "https://example.jp/b.pdf",
        ]
    )
    body = staff_client.post(IMPORT_URL, {"text": text, "visibility": "draft"}).content.decode()
    assert "<td>3</td>" in body and 'name="fix_3"' in body
    data = form_data(body, form_id="minutes-fix-lines")
    data["fix_3"] = "heading"
    fixed = staff_client.post(IMPORT_URL, {**data, "_fix": "1"})
    assert fixed.status_code == 200
    body = fixed.content.decode()
    assert 'name="fix_3"' not in body  # placed now
    assert "迷子の見出し" in body
    confirm = staff_client.post(IMPORT_URL, form_data(body, form_id="minutes-import-confirm"))
    assert confirm.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.agenda_items.order_by("order").values_list("title", flat=True)) == [
        "迷子の見出し",
        "予算について",
    ]
    assert meeting.unparsed == ""
    assert "○迷子の見出し" in meeting.source_text  # the next import reads it the same


def test_a_forged_choice_or_line_changes_nothing(staff_client):
    text = "2023/9/4 定例会 議事録\n議題\n迷子の行\n○A\n・a"
    body = staff_client.post(IMPORT_URL, {"text": text, "visibility": "draft"}).content.decode()
    data = form_data(body, form_id="minutes-fix-lines")
    response = staff_client.post(
        IMPORT_URL, {**data, "fix_3": "drop_table", "fix_4": "heading", "_fix": "1"}
    )
    assert response.status_code == 200
    assert 'name="fix_3"' in response.content.decode()  # still unplaced, nothing else moved
    assert not Meeting.objects.exists()


def test_a_meeting_date_that_is_no_date_is_named_beside_it_and_the_text_kept(staff_client):
    text = "定例会 議事録\n議題\n○A\n・a"
    response = staff_client.post(
        IMPORT_URL, {"text": text, "date": "2021-13-45", "visibility": "draft"}
    )
    assert response.status_code == 200
    assert field_errors(response, "date") == ["日付を正しく入力してください。"]
    assert "定例会 議事録\n議題\n○A" in response.content.decode()
    assert not Meeting.objects.exists()
