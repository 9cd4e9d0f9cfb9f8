"""Long minutes shown in parts (issue 16: a public page of at most 30 KB), short ones whole."""

import datetime as dt
import itertools
import re

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings import agenda, selectors
from meetings.agenda import PART_CHARACTERS, minutes_parts
from meetings.models import Meeting, Visibility
from meetings.search import search_index_rebuild
from tests.meetings.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MemberFactory,
    NoteFactory,
)

pytestmark = pytest.mark.django_db

# A note as long as the benchmark's (about 25 characters, 75 bytes of UTF-8).
SENTENCE = "寮の見学会は4月に行う予定。各社で参加者を募る。"


def long_minutes(items=10, notes_per_item=40, **fields):
    """Minutes as long as the benchmark's (400 notes of about 60 characters), public."""
    meeting = MeetingFactory(
        title="第200回 定例会", visibility=Visibility.PUBLIC, date=dt.date(2026, 4, 6), **fields
    )
    for number in range(1, items + 1):
        item = AgendaItemFactory(meeting=meeting, order=number, title=f"議題その{number}")
        for order in range(notes_per_item):
            NoteFactory(item=item, order=order, text=f"{number}-{order} {SENTENCE}")
    AttendanceFactory(meeting=meeting, member=MemberFactory(name="出席 太郎"))
    ActionItemFactory(meeting=meeting, text="寮の空室を調べる")
    return meeting


def titles(body: str) -> list[str]:
    return re.findall(r'<h3 class="h5 agenda-title">(.*?)</h3>', body)


def test_long_minutes_are_shown_in_parts_that_hold_every_item_once(client):
    meeting = long_minutes()
    url = meeting.get_absolute_url()
    first = client.get(url).content.decode()
    assert 'rel="next"' in first and 'rel="prev"' not in first
    shown, bodies, part = [], [], 1
    while True:
        response = client.get(url, {"part": part})
        body = response.content.decode()
        assert response.status_code == 200
        if bodies and titles(body) == titles(bodies[-1]):
            break  # past the last part: the last part again
        bodies.append(body)
        shown += titles(body)
        part += 1
    assert shown == [f"議題その{n}" for n in range(1, 11)]
    assert len(bodies) > 1
    for number, body in enumerate(bodies, start=1):
        assert len(body.encode()) <= 30 * 1024, number
        assert f"({number}/{len(bodies)})" in re.search(r"<title>(.*?)</title>", body)[1]
        # Every part lists the whole agenda, each item linked on its own part.
        assert body.count('href="?part=') >= 10 - len(titles(body))
    # The attendance opens the minutes; the action items close them.
    assert "出席 太郎" in bodies[0] and "出席 太郎" not in bodies[-1]
    assert "寮の空室を調べる" in bodies[-1] and "寮の空室を調べる" not in bodies[0]
    # The items keep their numbers: a later part's list starts where the one before ended.
    assert f'<ol class="agenda" start="{len(titles(bodies[0])) + 1}">' in bodies[1]


def test_every_part_links_the_whole_minutes_in_the_print_view(client):
    meeting = long_minutes()
    printed = client.get(f"{meeting.get_absolute_url()}print/").content.decode()
    assert titles(printed) == [f"議題その{n}" for n in range(1, 11)]
    assert "出席 太郎" in printed and "寮の空室を調べる" in printed
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{meeting.get_absolute_url()}print/">全文を1ページで表示（印刷用）' in body


def test_short_minutes_are_one_page_as_before(client):
    meeting = long_minutes(items=8, notes_per_item=4)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert len(titles(body)) == 8
    assert "出席 太郎" in body and "寮の空室を調べる" in body
    assert "?part=" not in body and "ページに分けて" not in body


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("x", 1),
        ("0", 1),
        ("-1", 1),
        ("", 1),
        ("２", 2),
        ("99", "last"),
        ("9" * 5000, 1),
        ("\x00", 1),
        ("1\x00", 1),
    ],
)
def test_a_bad_part_number_shows_the_nearest_part(client, value, shown):
    meeting = long_minutes()
    url = meeting.get_absolute_url()
    last = len(
        minutes_parts(agenda.agenda_tree(selectors.meeting_for_page(AnonymousUser(), meeting.pk)))
    )
    expected = client.get(url, {"part": last if shown == "last" else shown}).content.decode()
    response = client.get(url, {"part": value})
    assert response.status_code == 200
    assert titles(response.content.decode()) == titles(expected)


def test_every_part_makes_the_same_queries(client, django_assert_num_queries):
    meeting = long_minutes()
    url = meeting.get_absolute_url()
    with django_assert_num_queries(8):
        client.get(url)
    for part in (2, 3, 99):
        with django_assert_num_queries(8):
            client.get(url, {"part": part})


def test_parts_of_members_only_minutes_are_not_found_for_visitors(client):
    meeting = long_minutes()
    meeting.visibility = Visibility.MEMBERS
    meeting.save()
    for part in ("1", "2", "x"):
        assert client.get(meeting.get_absolute_url(), {"part": part}).status_code == 404


_pks = itertools.count(1)


def node(title, notes=0, children=()):
    """An agenda node with ``notes`` notes of 100 characters, without the database."""
    item = AgendaItemFactory.build(pk=next(_pks), title=title)
    texts = [NoteFactory.build(text="あ" * 100) for _ in range(notes)]
    item._prefetched_objects_cache = {"notes": texts, "links": []}
    return agenda.AgendaNode(item=item, children=list(children))


@pytest.mark.parametrize(
    ("notes", "parts"),
    [
        ([], [[]]),  # no agenda: one empty part
        ([1, 1, 1], [["0", "1", "2"]]),
        ([30, 30, 30], [["0"], ["1"], ["2"]]),  # each item over half the limit
        ([50, 1, 1], [["0"], ["1", "2"]]),  # an item over the limit alone
        ([10, 10, 10, 10, 10], [["0", "1", "2"], ["3", "4"]]),
    ],
)
def test_minutes_parts_split_between_top_level_items(notes, parts):
    assert PART_CHARACTERS == 4000
    agenda = [node(str(index), count) for index, count in enumerate(notes)]
    found = minutes_parts(agenda)
    assert [[n.item.title for n in part.nodes] for part in found] == parts
    assert [part.number for part in found] == list(range(1, len(parts) + 1))
    assert [part.first_item_number for part in found] == [
        1 + sum(len(p) for p in parts[:i]) for i in range(len(parts))
    ]


def test_a_sub_item_counts_toward_its_top_level_item():
    agenda = [node("0", 20, children=[node("0.1", 25)]), node("1", 1)]
    assert [[n.item.title for n in p.nodes] for p in minutes_parts(agenda)] == [["0"], ["1"]]


# --- A search hit links to its part ----------------------------------------------------------


def first_result_link(client, query: str) -> str:
    body = client.get("/meetings/search/", {"q": query}).content.decode()
    return re.search(r'<h2 class="h5 mb-2"><a href="([^"]+)">', body)[1]


def item_titled(meeting, title):
    return meeting.agenda_items.get(title=title)


def test_a_search_hit_links_to_its_part_at_its_item(client):
    meeting = long_minutes()
    eighth = item_titled(meeting, "議題その8")
    NoteFactory(item=eighth, order=99, text="社宅の空きは3部屋。")
    search_index_rebuild(meeting=meeting)
    link = first_result_link(client, "社宅")
    path, anchor = link.split("#")
    assert path.startswith(f"{meeting.get_absolute_url()}?part=") and not path.endswith("=1")
    assert anchor == f"agenda-{eighth.pk}"
    page = client.get(path).content.decode()
    assert "社宅の空きは3部屋。" in page and f'id="agenda-{eighth.pk}"' in page


def test_a_hit_on_the_first_part_or_in_the_heading_links_without_a_part(client):
    meeting = long_minutes()
    first = item_titled(meeting, "議題その1")
    NoteFactory(item=first, order=99, text="社宅の空きは3部屋。")
    search_index_rebuild(meeting=meeting)
    assert first_result_link(client, "社宅") == f"{meeting.get_absolute_url()}#agenda-{first.pk}"
    # The attendance is on the first part: a name found links to the page itself.
    assert first_result_link(client, "出席") == meeting.get_absolute_url()


def test_a_hit_in_a_sub_item_links_to_its_top_level_items_part(client):
    meeting = long_minutes()
    eighth = item_titled(meeting, "議題その8")
    child = AgendaItemFactory(meeting=meeting, parent=eighth, order=99, title="寮の件")
    NoteFactory(item=child, order=0, text="社宅の空きは3部屋。")
    search_index_rebuild(meeting=meeting)
    path, anchor = first_result_link(client, "社宅").split("#")
    assert anchor == f"agenda-{child.pk}"
    assert "社宅の空きは3部屋。" in client.get(path).content.decode()


def test_short_minutes_and_minutes_indexed_before_parts_link_to_the_page(client):
    short = long_minutes(items=3, notes_per_item=2)
    NoteFactory(item=item_titled(short, "議題その2"), order=99, text="社宅の空きは3部屋。")
    search_index_rebuild(meeting=short)
    assert first_result_link(client, "社宅") == short.get_absolute_url()
    Meeting.objects.all().delete()
    long = long_minutes()
    NoteFactory(item=item_titled(long, "議題その8"), order=99, text="社宅の空きは3部屋。")
    search_index_rebuild(meeting=long)
    Meeting.objects.filter(pk=long.pk).update(search_parts=[])  # as indexed before parts
    assert first_result_link(client, "社宅") == long.get_absolute_url()


def test_rebuilding_the_index_gives_minutes_indexed_before_parts_their_links(client):
    """`manage.py rebuild_search_index`, once after the release that added the parts."""
    from io import StringIO

    from django.core.management import call_command

    meeting = long_minutes()
    eighth = item_titled(meeting, "議題その8")
    NoteFactory(item=eighth, order=99, text="社宅の空きは3部屋。")
    search_index_rebuild(meeting=meeting)
    indexed = Meeting.objects.get(pk=meeting.pk)
    Meeting.objects.filter(pk=meeting.pk).update(search_parts=[])  # as an earlier release left it
    assert first_result_link(client, "社宅") == meeting.get_absolute_url()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue().strip() == "1 meeting indexed."
    assert first_result_link(client, "社宅").endswith(f"#agenda-{eighth.pk}")
    again = Meeting.objects.get(pk=meeting.pk)
    assert (again.search_text, again.search_parts) == (indexed.search_text, indexed.search_parts)
