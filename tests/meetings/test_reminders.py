"""The reminder mail two days before a meeting, sent by Celery beat."""

import datetime as dt
import logging
import threading
import time
from unittest import mock

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connections
from django.utils import timezone, translation

from meetings.models import Meeting, Visibility
from meetings.services import meeting_reminder_send
from meetings.tasks import send_meeting_reminder, send_meeting_reminders
from tests.accounts.factories import UserFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MemberFactory,
    NoteFactory,
)

pytestmark = pytest.mark.django_db

WEEKDAYS = "月火水木金土日"


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def month_day(date: dt.date) -> str:
    return f"{date.month}月{date.day}日({WEEKDAYS[date.weekday()]})"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://portal.example.jp"
    return settings.SITE_URL


@pytest.fixture
def members():
    """Who gets a mail: an address of their own, else their account's; the others are skipped."""
    return {
        "own_address": MemberFactory(name="斉藤", email="saito@example.jp"),
        "account_address": MemberFactory(
            name="中島", email="", user=UserFactory(email="nakajima@example.jp")
        ),
        "no_address": MemberFactory(name="水木", email=""),
        "left": MemberFactory(name="今", email="kon@example.jp", is_active=False),
    }


@pytest.fixture
def meeting():
    meeting = MeetingFactory(
        kind=Meeting.Kind.REGULAR,
        title="綾瀬イノベーション推進委員会 定例会",
        date=days(2),
        start_time=dt.time(19, 0),
        end_time=dt.time(21, 0),
        place="綾瀬市役所 会議室",
        visibility=Visibility.MEMBERS,
    )
    first = AgendaItemFactory(meeting=meeting, order=1, title="燕三条 工場の祭典 視察について")
    NoteFactory(item=first, order=1, text="10/1(土)に視察")
    NoteFactory(item=first, order=2, text="参加者は事務局まで")
    other = AgendaItemFactory(meeting=meeting, order=2, title="その他")
    AgendaItemFactory(
        meeting=meeting, parent=other, order=1, title="あやせ工場スマートナビについて"
    )
    return meeting


def run_daily_task(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return send_meeting_reminders(**kwargs)


def test_each_member_with_an_address_gets_one_mail_in_japanese(
    django_capture_on_commit_callbacks, members, meeting, site_url
):
    assert run_daily_task(django_capture_on_commit_callbacks) == [meeting.pk]

    assert sorted(message.to[0] for message in mail.outbox) == [
        "nakajima@example.jp",
        "saito@example.jp",
    ]
    assert all(
        len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox
    )
    saito = next(m for m in mail.outbox if m.to == ["saito@example.jp"])
    assert saito.subject == f"【綾瀬イノベーション推進委員会】{month_day(days(2))} 定例会のご案内"
    assert saito.from_email == settings.DEFAULT_FROM_EMAIL
    body = saito.body
    assert body.startswith("斉藤 様\n")
    date = days(2)
    assert (
        f"日時: {date.year}年{date.month}月{date.day}日({WEEKDAYS[date.weekday()]}) 19:00-21:00"
        in body
    )
    assert "場所: 綾瀬市役所 会議室" in body
    assert (
        "議題:\n"
        "○燕三条 工場の祭典 視察について\n"
        "  ・10/1(土)に視察\n"
        "  ・参加者は事務局まで\n"
        "○その他\n"
        "  ○あやせ工場スマートナビについて\n"
    ) in body
    assert f"https://portal.example.jp/meetings/{meeting.pk}/" in body
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None


def test_the_mail_is_japanese_even_from_an_english_request(members, meeting):
    with translation.override("en"):
        meeting_reminder_send(meeting_id=meeting.pk)
    assert mail.outbox[0].subject.startswith("【綾瀬イノベーション推進委員会】")
    assert "議題:" in mail.outbox[0].body


def test_running_twice_sends_no_second_mail(django_capture_on_commit_callbacks, members, meeting):
    run_daily_task(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert run_daily_task(django_capture_on_commit_callbacks) == []
    send_meeting_reminder(meeting.pk)  # a retried task finds the reminder sent
    assert len(mail.outbox) == 2


def test_members_without_an_address_are_counted_in_the_log(members, meeting, caplog):
    with caplog.at_level(logging.INFO, logger="meetings.tasks"):
        assert send_meeting_reminder(meeting.pk) == 2
    assert f"meeting {meeting.pk}: reminder sent to 2 members, 1 skipped without an address" in (
        caplog.text
    )


def test_a_meeting_without_an_agenda_says_so(members):
    meeting = MeetingFactory(date=days(2), start_time=None, place="", visibility=Visibility.PUBLIC)
    meeting_reminder_send(meeting_id=meeting.pk)
    body = mail.outbox[0].body
    assert "議題:\n議題はまだ登録されていません。" in body
    assert "場所: 未定" in body


@pytest.mark.parametrize(
    ("date_offset", "visibility"),
    [(2, Visibility.DRAFT), (3, Visibility.PUBLIC), (1, Visibility.PUBLIC), (0, Visibility.PUBLIC)],
)
def test_no_reminder_for_drafts_nor_other_days(
    django_capture_on_commit_callbacks, members, date_offset, visibility
):
    meeting = MeetingFactory(date=days(date_offset), visibility=visibility)
    assert run_daily_task(django_capture_on_commit_callbacks) == []
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None


def test_a_draft_gets_no_reminder_even_when_asked_directly(members):
    meeting = MeetingFactory(date=days(2), visibility=Visibility.DRAFT)
    send_meeting_reminder(meeting.pk)
    assert mail.outbox == []


def test_a_late_task_after_the_meeting_sends_nothing(members):
    meeting = MeetingFactory(date=days(-1), visibility=Visibility.PUBLIC)
    send_meeting_reminder(meeting.pk)
    assert mail.outbox == []


def test_two_days_ahead_is_counted_in_tokyo(django_capture_on_commit_callbacks, members):
    # 16:30 UTC on 1 March is 01:30 on 2 March in Tokyo: the meeting of 4 March is due.
    now = dt.datetime(2026, 3, 1, 16, 30, tzinfo=dt.UTC)
    due = MeetingFactory(date=dt.date(2026, 3, 4), visibility=Visibility.PUBLIC)
    MeetingFactory(date=dt.date(2026, 3, 3), visibility=Visibility.PUBLIC)
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert run_daily_task(django_capture_on_commit_callbacks) == [due.pk]


def test_a_day_can_be_run_again_by_hand(django_capture_on_commit_callbacks, members):
    meeting = MeetingFactory(date=days(5), visibility=Visibility.PUBLIC)
    ids = run_daily_task(django_capture_on_commit_callbacks, day=days(5).isoformat())
    assert ids == [meeting.pk]
    assert len(mail.outbox) == 2


def test_beat_runs_the_reminders_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["meetings-send-reminders"]
    assert entry["task"] == send_meeting_reminders.name == "meetings.tasks.send_meeting_reminders"
    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Tokyo"


@pytest.mark.serial  # two threads racing for the same lock
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_reminder(members):
    """The row lock (on SQLite the write lock of an IMMEDIATE transaction): a second worker
    waits, then finds the reminder sent."""
    meeting = MeetingFactory(date=days(2), visibility=Visibility.PUBLIC)
    start = threading.Barrier(2)
    results = []
    send_messages = locmem.EmailBackend.send_messages

    def slow_send(self, messages):
        time.sleep(0.3)  # the first worker holds the lock while the second one arrives
        return send_messages(self, messages)

    def worker():
        try:
            start.wait()
            results.append(meeting_reminder_send(meeting_id=meeting.pk))
        finally:
            connections.close_all()

    with mock.patch.object(locmem.EmailBackend, "send_messages", slow_send):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(result.sent for result in results) == [0, 2]
    assert [result.already_sent for result in results].count(True) == 1
    assert len(mail.outbox) == 2
