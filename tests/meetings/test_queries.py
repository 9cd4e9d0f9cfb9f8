"""The committee's pages run a fixed number of SQL queries, whatever the amount of minutes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


def grow(n: int, start: dt.date = dt.date(2010, 1, 1)):
    """n meetings, each with items, notes, links, attendance and action items."""
    members = [MemberFactory() for _ in range(3)]
    meetings = []
    for i in range(n):
        meeting = MeetingFactory(date=start + dt.timedelta(days=30 * i))
        for _ in range(2):
            item = AgendaItemFactory(meeting=meeting)
            AgendaItemFactory(meeting=meeting, parent=item)
            NoteFactory.create_batch(2, item=item)
            LinkFactory(item=item)
        for member in members:
            AttendanceFactory(meeting=meeting, member=member)
        ActionItemFactory(meeting=meeting, owner_member=members[i % 3])
        meetings.append(meeting)
    return meetings


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "path",
    ["/meetings/", "/meetings/attendance/", "/meetings/action-items/", "/meetings/activities/"],
)
def test_list_pages_do_not_grow(client, django_assert_num_queries, path):
    grow(3)
    ActivityFactory.create_batch(2)
    few = queries(client, path)
    grow(30, start=dt.date(2015, 1, 1))
    ActivityFactory.create_batch(20)
    with django_assert_num_queries(few):
        client.get(path)


@pytest.mark.parametrize("suffix", ["", "print/"])
def test_meeting_page_does_not_grow(client, django_assert_num_queries, suffix):
    small = grow(1)[0]
    few = queries(client, f"{small.get_absolute_url()}{suffix}")
    big = MeetingFactory(date=dt.date(2030, 1, 1))
    for _ in range(15):
        item = AgendaItemFactory(meeting=big)
        AgendaItemFactory(meeting=big, parent=item)
        NoteFactory.create_batch(5, item=item)
        LinkFactory.create_batch(2, item=item)
    for _ in range(10):
        AttendanceFactory(meeting=big, member=MemberFactory())
        ActionItemFactory(meeting=big)
    grow(10, start=dt.date(2020, 1, 1))  # more earlier open action items to carry over
    with django_assert_num_queries(few):
        client.get(f"{big.get_absolute_url()}{suffix}")
    assert few <= 8  # issue 16's budget
