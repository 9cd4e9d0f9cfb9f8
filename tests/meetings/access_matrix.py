"""The write matrix of the committee's pages and their admin. See tests/site/matrix.py.

Committee members answer activities and keep their private calendar link; everything else is
written by city staff in the admin.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.forms import MinutesConfirmForm
from tests.site.matrix import (
    E403,
    E404,
    LOGIN,
    OK,
    PAGE,
    AdminModel,
    Op,
    ReadOnly,
    Write,
    admin_roles,
    roles,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

MINUTES = """綾瀬イノベーション推進委員会 定例会
日時：2023年4月10日 19:00〜
場所：綾瀬市役所 会議室
出席：委員 一郎

1.オープンファクトリーについて
・案内状を送る
"""


def url(name, attribute=None):
    if attribute is None:
        return lambda w: reverse(name)
    return lambda w: reverse(name, args=[getattr(w, attribute).pk])


# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    ReadOnly("meetings:index", url("meetings:index")),
    ReadOnly("meetings:search", lambda w: reverse("meetings:search") + "?q=工場"),
    ReadOnly("meetings:meeting_detail", url("meetings:meeting_detail", "meeting")),
    ReadOnly("meetings:meeting_print", url("meetings:meeting_print", "meeting")),
    ReadOnly("meetings:attendance", url("meetings:attendance")),
    ReadOnly("meetings:activity_list", url("meetings:activity_list")),
    ReadOnly("meetings:activity_detail", url("meetings:activity_detail", "activity")),
    ReadOnly("meetings:action_items", url("meetings:action_items")),
    ReadOnly("meetings:attachment_download", url("meetings:attachment_download", "attachment")),
    ReadOnly("meetings:feed", url("meetings:feed")),
    ReadOnly("meetings:calendar", url("meetings:calendar")),
    ReadOnly(
        "meetings:member_calendar",
        lambda w: reverse("meetings:member_calendar", args=[w.calendar_token.key]),
    ),
    # A member answers for themselves; city staff have no Member record to answer for.
    Write(
        "meetings:activity_answer",
        url("meetings:activity_answer", "activity"),
        data=lambda w: {"answer": "attend", "comment": "午後から参加します"},
        expect=roles(E404,     E404,     E404,     E404,     E404,     OK,       E404,     E404),
    ),
    Write(
        "meetings:calendar_link",
        url("meetings:calendar_link"),
        data=lambda w: {"action": "issue"},
        expect=roles(LOGIN,    E403,     E403,     E403,     E403,     OK,       E403,     E403),
    ),
    # The admin: city staff run the committee's records.
    Write(
        "admin:meetings_meeting_import",
        url("admin:meetings_meeting_import"),
        variant="upload: the preview stores nothing",
        data=lambda w: {"text": MINUTES, "visibility": "draft"},
        expect=admin_roles(staff=PAGE, superuser=PAGE),
    ),
    Write(
        "admin:meetings_meeting_import",
        url("admin:meetings_meeting_import"),
        variant="confirm",
        data=lambda w: {
            "source": MinutesConfirmForm.sign(MINUTES, "minutes.txt"),
            "visibility": "draft",
        },
        expect=admin_roles(staff=OK, superuser=OK),
    ),
    ReadOnly(
        "admin:meetings_meeting_attendance_sheet", url("admin:meetings_meeting_attendance_sheet")
    ),
    AdminModel(
        "meetings.committee",
        target="committee",
        add=Op(staff=E403, superuser=E403),
        change=Op(
            staff=OK, superuser=OK, data=lambda w: {"secretariat": "綾瀬市 工業振興企業誘致課"}
        ),
        delete=Op(staff=E403, superuser=E403),
        actions={},
    ),
    AdminModel(
        "meetings.member",
        target="other_member_record",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"name": "新任 委員", "name_kana": "しんにん いいん"},
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"company_name": "綾瀬精密工業"}),
        delete=Op(staff=OK, superuser=OK),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK),
            # Invites the member at their address: an Invitation row, the member points at it.
            "invite": Op(staff=OK, superuser=OK),
        },
    ),
    AdminModel(
        "meetings.meeting",
        target="meeting",
        add=Op(
            staff=OK, superuser=OK, data=lambda w: {"title": "第2回 定例会", "date": "2023-05-08"}
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"place": "綾瀬市役所 大会議室"}),
        delete=Op(staff=OK, superuser=OK),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK),
            "publish_public": Op(
                staff=OK, superuser=OK, variant="a public meeting is published again"
            ),
            "publish_members": Op(staff=OK, superuser=OK),
            "export_attendance_csv": Op(staff=PAGE, superuser=PAGE),
        },
    ),
    AdminModel(
        "meetings.attendance",
        target="attendance",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "meeting": str(w.meeting.pk),
                "name_as_written": "傍聴 花子",
                "status": "present",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"status": "absent"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
        list_edit=Op(staff=OK, superuser=OK, data=lambda w: {"form-0-status": "absent"}),
    ),
    AdminModel(
        "meetings.agendaitem",
        target="agenda_item",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"meeting": str(w.meeting.pk), "title": "人材確保"},
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"title": "オープンファクトリー2023"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    AdminModel(
        "meetings.actionitem",
        target="action_item",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"meeting": str(w.meeting.pk), "text": "会場を予約する"},
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"text": "案内状を100部送る"}),
        delete=Op(staff=OK, superuser=OK),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK),
            "mark_done": Op(staff=OK, superuser=OK),
        },
    ),
    AdminModel(
        "meetings.activity",
        target="activity",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"kind": "seminar", "title": "DXセミナー", "start_date": "2031-06-01"},
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"place": "新潟県燕市"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    # Members make their links themselves; staff may only revoke them.
    AdminModel(
        "meetings.calendartoken",
        target="calendar_token",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=OK, superuser=OK),
        delete=Op(staff=OK, superuser=OK),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK),
            "revoke": Op(staff=OK, superuser=OK),
        },
    ),
    AdminModel(
        "meetings.attachment",
        target="attachment",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "meeting": str(w.meeting.pk),
                "title": "配布資料",
                "file": SimpleUploadedFile("haifu.pdf", PDF, "application/pdf"),
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"title": "配布資料(改訂)"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
]
# fmt: on
