"""The importer and the import_minutes command, on the database, with the committee's seed."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from demo_data.seeds import committee_seed_text
from meetings import services
from meetings.demo import SEED_MEMBERS
from meetings.importer import minutes_import
from meetings.minutes_parser import ParsedItem, ParsedMinutes, parse_minutes
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Link,
    Meeting,
    Member,
    Note,
    SearchToken,
    Visibility,
)
from tests.meetings.factories import ActionItemFactory, ActivityFactory, MemberFactory

pytestmark = pytest.mark.django_db

SEED_ATTENDEES = [
    "斉藤",
    "今",
    "中島",
    "水木",
    "土橋",
    "高崎",
    "松村",
    "丸山",
    "川崎",
    "谷藤",
    "川崎",
]
SEED_HEADINGS = [
    "燕三条 工場の祭典 視察について",
    "高度人材について",
    "あやせ工場オープンファクトリーについて",
    "委員会セミナーについて",
    "その他",
    "あやせ工場スマートナビについて",
    "地方採用者への支援について",
    "Manufacturing Japan Summitへの委員参加について",
]
JSON_KEYS = {
    "title", "date", "start_time", "end_time", "attendees", "agenda", "unparsed", "warnings"
}  # fmt: skip


@pytest.fixture
def seed_members(db):
    """The committee as load_demo makes it: 川崎 twice, two people."""
    return [
        MemberFactory(name=name, name_kana="", role=role, order=i)
        for i, (name, role) in enumerate(SEED_MEMBERS, start=1)
    ]


@pytest.fixture
def seed_text():
    return committee_seed_text()


def import_seed(text=None, **kwargs):
    text = text or committee_seed_text()
    return minutes_import(parsed=parse_minutes(text), source_text=text, **kwargs)


def attendee_names(meeting):
    return list(meeting.attendances.order_by("order").values_list("name_as_written", flat=True))


# The seed ------------------------------------------------------------------------------------


def test_the_seed_becomes_a_meeting_of_2022_09_05_at_19_00(seed_members):
    result = import_seed()
    meeting = Meeting.objects.get()
    assert result.action == "created" and result.meeting == meeting
    assert meeting.date == dt.date(2022, 9, 5)
    assert meeting.start_time == dt.time(19, 0)
    assert meeting.kind == Meeting.Kind.REGULAR
    assert meeting.title == "綾瀬イノベーション推進委員会 定例会 議事録"
    assert meeting.source_text.startswith("2022/9/5 綾瀬イノベーション推進委員会")
    assert meeting.imported_at is not None and meeting.edited_at is None


def test_a_new_import_is_a_draft_until_published(seed_members):
    meeting = import_seed().meeting
    assert meeting.visibility == Visibility.DRAFT
    assert meeting.published_at is None


def test_the_seed_has_eleven_attendances_in_the_written_order(seed_members):
    meeting = import_seed().meeting
    assert attendee_names(meeting) == SEED_ATTENDEES
    members = [a.member for a in meeting.attendances.order_by("order")]
    assert [m.name for m in members] == SEED_ATTENDEES
    kawasaki = [m for m in members if m.name == "川崎"]
    assert len(kawasaki) == 2 and kawasaki[0].pk != kawasaki[1].pk


def test_the_second_kawasaki_stays_unmatched_when_the_committee_has_one(db):
    for i, name in enumerate(dict.fromkeys(SEED_ATTENDEES), start=1):
        MemberFactory(name=name, order=i)
    result = import_seed()
    attendances = list(result.meeting.attendances.order_by("order"))
    assert [a.name_as_written for a in attendances] == SEED_ATTENDEES
    first, second = attendances[8], attendances[10]
    assert first.member == Member.objects.get(name="川崎")
    assert second.member is None and second.name_as_written == "川崎"
    assert result.unmatched == ["川崎"]


def test_without_members_every_name_is_kept_as_written(db):
    result = import_seed()
    assert attendee_names(result.meeting) == SEED_ATTENDEES
    assert not Attendance.objects.filter(member__isnull=False).exists()
    assert result.unmatched == SEED_ATTENDEES


def test_names_match_members_by_kana_too(db):
    member = MemberFactory(name="斉藤 一郎", name_kana="さいとう")
    text = committee_seed_text().replace("斉藤、今", "さいとう、今", 1)
    meeting = import_seed(text).meeting
    assert meeting.attendances.order_by("order").first().member == member


def test_the_seed_has_eight_headings_in_order_and_37_notes(seed_members):
    meeting = import_seed().meeting
    top = meeting.agenda_items.filter(parent=None).order_by("order")
    assert list(top.values_list("title", flat=True)) == SEED_HEADINGS
    assert Note.objects.filter(item__meeting=meeting).count() == 37
    smart_navi = meeting.agenda_items.get(title="あやせ工場スマートナビについて")
    assert smart_navi.notes.order_by("order").first().text == (
        "斉藤樹脂の営業部門がブログをオープンファクトリーに合わせて掲載開始。"
    )


def test_the_open_factory_item_carries_the_hp_link_and_three_sns_links(seed_members):
    meeting = import_seed().meeting
    item = meeting.agenda_items.get(title="あやせ工場オープンファクトリーについて")
    links = list(item.links.order_by("order").values_list("kind", "url"))
    assert links == [
        (Link.Kind.HP, "https://www.ayase-kougyoudanchi.jp/open-factory/"),
        (Link.Kind.SNS, "https://twitter.com/ayasefactory"),
        (Link.Kind.SNS, "https://www.instagram.com/ayaseopenfactory/"),
        (Link.Kind.SNS, "https://www.facebook.com/ayaseopenfactory/"),
    ]
    assert Link.objects.filter(item__meeting=meeting).count() == 4


def test_the_profile_never_becomes_agenda_items(seed_members):
    meeting = import_seed().meeting
    titles = list(AgendaItem.objects.values_list("title", flat=True))
    notes = " ".join(Note.objects.values_list("text", flat=True))
    assert not [t for t in titles if "結成" in t or "委員数" in t or "活動" in t]
    assert "綾瀬イノベーション推進委員会" not in titles
    assert "市内製造業の技術力のPR" not in notes
    assert "合同入社式" not in notes
    assert "以降は委員会の紹介(○結成…)のため取り込みません" in meeting.import_warnings
    assert meeting.unparsed == ""


def test_the_import_builds_the_search_index(seed_members):
    meeting = import_seed().meeting
    assert "インドネシア" in meeting.search_text
    assert SearchToken.objects.filter(meeting=meeting, token="寮").exists()


# Importing again -----------------------------------------------------------------------------


def test_importing_again_updates_the_same_meeting(seed_members):
    first = import_seed().meeting
    second = import_seed()
    assert second.action == "updated" and second.meeting.pk == first.pk
    assert Meeting.objects.count() == 1
    assert AgendaItem.objects.filter(parent=None).count() == 8
    assert Note.objects.count() == 37
    assert Attendance.objects.count() == 11


def test_importing_again_keeps_the_visibility_staff_chose(seed_members):
    meeting = import_seed().meeting
    services.meeting_publish(meeting=meeting, visibility=Visibility.MEMBERS)
    import_seed(visibility=Visibility.PUBLIC)
    meeting.refresh_from_db()
    assert meeting.visibility == Visibility.MEMBERS


def test_staff_edits_are_kept_unless_replace(seed_members):
    meeting = import_seed().meeting
    item = meeting.agenda_items.get(title="その他")
    item.title = "その他(事務局より)"
    item.save()
    services.meeting_edited(meeting=meeting)

    kept = import_seed()
    assert kept.action == "kept"
    assert AgendaItem.objects.filter(title="その他(事務局より)").exists()
    meeting.refresh_from_db()
    assert meeting.edited_at is not None

    replaced = import_seed(replace=True)
    assert replaced.action == "updated"
    assert not AgendaItem.objects.filter(title="その他(事務局より)").exists()
    assert AgendaItem.objects.filter(parent=None).count() == 8
    meeting.refresh_from_db()
    assert meeting.edited_at is None


def test_a_resolved_attendee_is_kept_unless_replace(db):
    meeting = import_seed().meeting
    member = MemberFactory(name="斉藤 一郎")
    attendance = meeting.attendances.order_by("order").first()
    attendance.member = member
    attendance.save()
    services.meeting_edited(meeting=meeting)
    import_seed()
    assert meeting.attendances.order_by("order").first().member == member


def test_action_items_keep_their_agenda_item_after_a_replace(seed_members):
    meeting = import_seed().meeting
    tsubame = meeting.agenda_items.get(title__startswith="燕三条")
    action = ActionItemFactory(meeting=meeting, agenda_item=tsubame, text="9/6先方との打合せ")
    unlinked = ActionItemFactory(meeting=meeting, agenda_item=None)
    services.meeting_edited(meeting=meeting)

    import_seed(replace=True)
    action.refresh_from_db()
    unlinked.refresh_from_db()
    assert action.agenda_item is not None and action.agenda_item.pk != tsubame.pk
    assert action.agenda_item.title == "燕三条 工場の祭典 視察について"
    assert action.agenda_item.meeting == meeting
    assert unlinked.agenda_item is None
    assert ActionItem.objects.count() == 2


def test_activities_keep_their_agenda_items_after_a_replace(seed_members):
    meeting = import_seed().meeting
    activity = ActivityFactory()
    activity.agenda_items.add(meeting.agenda_items.get(title__startswith="燕三条"))
    import_seed(replace=True)
    assert list(activity.agenda_items.values_list("title", flat=True)) == [
        "燕三条 工場の祭典 視察について"
    ]


def test_a_dry_run_stores_nothing_and_says_what_it_would_do(seed_members):
    result = import_seed(dry_run=True)
    assert result.action == "dry-run" and result.planned == "created"
    assert [name for name, _member in result.matches] == SEED_ATTENDEES
    assert not Meeting.objects.exists()
    assert not Attendance.objects.exists()
    assert not AgendaItem.objects.exists()
    assert not SearchToken.objects.exists()


def test_a_dry_run_over_staff_edits_changes_nothing(seed_members):
    meeting = import_seed().meeting
    services.meeting_edited(meeting=meeting)
    meeting.refresh_from_db()
    result = import_seed(dry_run=True, replace=True)
    assert result.planned == "updated"
    after = Meeting.objects.get()
    assert after.edited_at == meeting.edited_at and after.imported_at == meeting.imported_at


def test_a_name_longer_than_the_column_is_cut_not_refused(db):
    parsed = ParsedMinutes(
        title="臨時会", date=dt.date(2023, 1, 10), attendees=["長" * 150], kind="臨時会"
    )
    parsed.agenda = [ParsedItem(title="議題")]
    meeting = minutes_import(parsed=parsed).meeting
    assert meeting.kind == Meeting.Kind.EXTRAORDINARY
    assert meeting.attendances.get().name_as_written == "長" * 100


# The command ---------------------------------------------------------------------------------


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_minutes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def seed_file(tmp_path, seed_text):
    path = tmp_path / "2022-09-05.txt"
    path.write_text(seed_text, encoding="utf-8")
    return path


@pytest.fixture
def second_file(tmp_path, seed_text):
    path = tmp_path / "2022-10-03.txt"
    path.write_text(seed_text.replace("2022 9/5 19:00", "2022 10/3 18:30"), encoding="utf-8")
    return path


def test_the_command_says_what_it_did(seed_members, seed_file):
    out, _err = run(str(seed_file))
    meeting = Meeting.objects.get()
    assert f"{seed_file}: meeting {meeting.pk} created" in out
    assert "warning: 議事録は84行目で終わります" in out
    assert "updated" in run(str(seed_file))[0]
    services.meeting_edited(meeting=meeting)
    out, _err = run(str(seed_file))
    assert "kept" in out and "--replace" in out
    assert "updated" in run(str(seed_file), "--replace")[0]
    assert Meeting.objects.count() == 1


def test_the_command_names_unmatched_attendees(db, seed_file):
    out, _err = run(str(seed_file))
    assert "names matching no member: 斉藤, 今" in out


def test_json_prints_exactly_one_object_per_file(seed_members, seed_file, second_file):
    out, _err = run("--json", str(seed_file), str(second_file))
    lines = out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) == JSON_KEYS and set(second) == JSON_KEYS
    assert (first["date"], first["start_time"]) == ("2022-09-05", "19:00")
    assert (second["date"], second["start_time"]) == ("2022-10-03", "18:30")
    assert first["title"] == "綾瀬イノベーション推進委員会 定例会 議事録"
    assert first["attendees"] == SEED_ATTENDEES
    assert [item["title"] for item in first["agenda"]] == SEED_HEADINGS
    open_factory = first["agenda"][2]
    assert set(open_factory) == {"title", "notes", "links", "children"}
    assert open_factory["links"][0] == {
        "label": "HP",
        "url": "https://www.ayase-kougyoudanchi.jp/open-factory/",
    }
    assert sum(len(item["notes"]) for item in first["agenda"]) == 37
    assert first["unparsed"] == [] and len(first["warnings"]) == 1
    assert Meeting.objects.count() == 2  # --json alone still imports


def test_dry_run_stores_nothing(seed_members, seed_file):
    out, _err = run("--dry-run", str(seed_file))
    assert "not stored (dry run; it would be created)" in out
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    out, _err = run("--dry-run", "--json", str(seed_file))
    assert json.loads(out)["date"] == "2022-09-05"
    assert not Meeting.objects.exists()


def test_a_shift_jis_file_imports(seed_members, tmp_path, seed_text):
    path = tmp_path / "sjis.txt"
    path.write_bytes(seed_text.replace("\u00a0", " ").encode("cp932"))
    out, _err = run(str(path))
    meeting = Meeting.objects.get()
    assert "created" in out
    assert meeting.title == "綾瀬イノベーション推進委員会 定例会 議事録"
    assert attendee_names(meeting) == SEED_ATTENDEES
    assert Note.objects.count() == 37


def test_a_utf8_file_with_bom_and_crlf_imports(seed_members, tmp_path, seed_text):
    path = tmp_path / "bom.txt"
    path.write_bytes(seed_text.replace("\n", "\r\n").encode("utf-8-sig"))
    run(str(path))
    assert Meeting.objects.get().date == dt.date(2022, 9, 5)
    assert AgendaItem.objects.filter(parent=None).count() == 8


def test_the_visibility_of_a_new_meeting_can_be_given(seed_members, seed_file):
    run("--visibility", "members", str(seed_file))
    meeting = Meeting.objects.get()
    assert meeting.visibility == Visibility.MEMBERS and meeting.published_at is not None


def test_an_unreadable_file_fails_with_a_message(db, tmp_path, seed_file):
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe binary")
    missing = tmp_path / "missing.txt"
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="2 of 3 files could not be imported"):
        call_command(
            "import_minutes",
            str(binary),
            str(missing),
            str(seed_file),
            stderr=err,
            stdout=StringIO(),
        )
    assert f"{binary}: " in err.getvalue() and f"{missing}: " in err.getvalue()
    assert Meeting.objects.count() == 1  # the readable file is imported all the same


def test_a_file_without_a_date_fails_with_a_message(db, tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("メモ\n・日付なし\n", encoding="utf-8")
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_minutes", str(path), stderr=err, stdout=StringIO())
    assert "日付が見つかりません" in err.getvalue()


def test_from_the_shell_an_unreadable_file_exits_non_zero_without_a_traceback(tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\xff\xd9")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.test",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    completed = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_minutes", str(binary)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.returncode != 0
    assert f"{binary}: " in completed.stderr
    assert "could not be imported" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_the_command_takes_the_date_of_minutes_that_give_none(db, tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("定例会 議事録\n19:00～20:30\n議題\n○寮について\n・戸建てを探す。\n", "utf-8")
    out, _err = run(str(path), "--date", "2021-05-10")
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.title) == (dt.date(2021, 5, 10), "定例会 議事録")
    assert f"{path}: meeting {meeting.pk} created" in out
    assert meeting.agenda_items.get().title == "寮について"


def test_the_command_refuses_a_date_it_cannot_read(db, tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("定例会 議事録\n議題\n○A\n・a\n", "utf-8")
    with pytest.raises(CommandError, match="2021/5/10: write the date as YYYY-MM-DD"):
        run(str(path), "--date", "2021/5/10")
    assert not Meeting.objects.exists()


def test_an_end_time_is_stored_with_the_meeting(db):
    parsed = parse_minutes("定例会 議事録\n2023/3/6 19:00～21:00\n議題\n○A\n・a")
    meeting = minutes_import(parsed=parsed).meeting
    meeting.refresh_from_db()
    assert (meeting.start_time, meeting.end_time) == (dt.time(19), dt.time(21))


def test_a_conclusion_is_shown_as_one_on_the_meeting_page(client, db):
    parsed = parse_minutes(
        "2023/10/2 議事録\n議題\n①交流について\n打診があった。\n→11月に実施する。"
    )
    meeting = minutes_import(parsed=parsed, visibility="public").meeting
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert (
        '<li class="agenda-conclusion"><span class="visually-hidden">結論: </span>→11月に実施する。</li>'
        in body
    )
    assert "<li>打診があった。</li>" in body
