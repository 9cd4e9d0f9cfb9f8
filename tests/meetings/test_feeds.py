"""The Atom feed of the public minutes, the sitemap, and the placeholder meeting page."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Visibility
from tests.conftest import ROLES
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


@pytest.fixture
def three_meetings():
    public = MeetingFactory(
        title="公開の定例会", date=dt.date(2022, 9, 5), visibility=Visibility.PUBLIC
    )
    members = MeetingFactory(
        title="委員限定の臨時会", date=dt.date(2022, 10, 3), visibility=Visibility.MEMBERS
    )
    draft = MeetingFactory(
        title="下書きの定例会", date=dt.date(2022, 11, 7), visibility=Visibility.DRAFT
    )
    return public, members, draft


@pytest.mark.parametrize("role", ROLES)
def test_the_feed_lists_public_minutes_only_whoever_asks(client_for_role, role, three_meetings):
    root = parse_feed(client_for_role(role).get("/meetings/feed/"))
    titles = [entry.findtext(f"{ATOM}title") for entry in entries(root)]
    assert titles == ["2022年9月5日(月) 公開の定例会"]
    body = ET.tostring(root, encoding="unicode")
    assert "委員限定" not in body and "下書き" not in body


def test_an_entry_links_to_the_meeting_with_its_agenda_headings(client):
    meeting = MeetingFactory(
        title="定例会",
        date=dt.date(2022, 9, 5),
        visibility=Visibility.PUBLIC,
        published_at=dt.datetime(2022, 9, 10, 9, 0, tzinfo=dt.UTC),
    )
    first = AgendaItemFactory(meeting=meeting, order=1, title="高度人材について")
    AgendaItemFactory(meeting=meeting, order=2, title="その他 <script>")
    AgendaItemFactory(meeting=meeting, order=1, parent=first, title="技人国の採用")

    root = parse_feed(client.get("/meetings/feed/"))

    assert root.findtext(f"{ATOM}title") == "綾瀬イノベーション推進委員会 議事録"
    (entry,) = entries(root)
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{meeting.get_absolute_url()}"
    assert entry.findtext(f"{ATOM}updated").startswith("2022-09-10T09:00:00")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The headings in order, the sub-item nested, markup in a title escaped.
    assert summary.text == (
        "<ul><li>高度人材について<ul><li>技人国の採用</li></ul></li>"
        "<li>その他 &lt;script&gt;</li></ul>"
    )
    assert "example.com" not in ET.tostring(root, encoding="unicode")


def test_an_unpublished_date_falls_back_on_the_last_change(client):
    meeting = MeetingFactory(visibility=Visibility.PUBLIC, published_at=None)
    (entry,) = entries(parse_feed(client.get("/meetings/feed/")))
    updated = dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert abs(updated - meeting.updated_at) < dt.timedelta(seconds=1)


def test_the_feed_holds_the_newest_twenty(client):
    start = dt.date(2020, 1, 6)
    for week in range(25):
        MeetingFactory(
            title=f"第{week}回", date=start + dt.timedelta(weeks=week), visibility=Visibility.PUBLIC
        )
    titles = [
        e.findtext(f"{ATOM}title") for e in entries(parse_feed(client.get("/meetings/feed/")))
    ]
    assert len(titles) == 20
    assert titles[0].endswith(" 第24回")
    assert titles[-1].endswith(" 第5回")


def test_the_feed_is_empty_but_valid_without_public_minutes(client):
    MeetingFactory(visibility=Visibility.MEMBERS)
    assert entries(parse_feed(client.get("/meetings/feed/"))) == []


def _make_public_meetings(count):
    for n in range(count):
        meeting = MeetingFactory(visibility=Visibility.PUBLIC)
        parent = AgendaItemFactory(meeting=meeting, title=f"議題{n}")
        AgendaItemFactory(meeting=meeting, parent=parent)


@pytest.mark.parametrize("count", [3, 30])
def test_the_feed_runs_two_queries_whatever_the_number_of_meetings(
    client, django_assert_num_queries, count
):
    _make_public_meetings(count)
    client.get("/meetings/feed/")  # the Sites framework caches its row on the first request
    with django_assert_num_queries(2):
        response = client.get("/meetings/feed/")
    assert len(entries(parse_feed(response))) == min(count, 20)


# --- Sitemap ---------------------------------------------------------------------------------


def sitemap_locations(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
def test_the_sitemap_lists_the_public_pages_and_public_minutes_only(
    client_for_role, role, three_meetings
):
    public, members, draft = three_meetings
    locations = sitemap_locations(client_for_role(role).get("/sitemap.xml"))
    assert locations == [
        "http://testserver/",
        "http://testserver/about/",
        "http://testserver/meetings/",
        "http://testserver/openfactory/",
        "http://testserver/companies/",
        "http://testserver/talent/",
        f"http://testserver{public.get_absolute_url()}",
    ]
    assert members.get_absolute_url() not in str(locations)
    assert draft.get_absolute_url() not in str(locations)


def test_the_sitemap_uses_the_requests_host_never_the_sites_default(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.jp"]
    MeetingFactory(visibility=Visibility.PUBLIC)
    response = client.get("/sitemap.xml", HTTP_HOST="portal.example.jp", secure=True)
    body = response.content.decode()
    assert "example.com" not in body
    assert all(loc.startswith("https://portal.example.jp/") for loc in sitemap_locations(response))


def test_the_sitemap_refuses_a_host_not_allowed(client):
    assert client.get("/sitemap.xml", HTTP_HOST="evil.example.net").status_code == 400


def test_the_sitemap_runs_a_constant_number_of_queries(client):
    counts = []
    for added in (3, 27):
        _make_public_meetings(added)
        client.get("/sitemap.xml")  # the Sites framework caches its row on the first request
        with CaptureQueriesContext(connection) as queries:
            locations = sitemap_locations(client.get("/sitemap.xml"))
        counts.append(len(queries))
    assert len(locations) == 6 + 30
    # count and page of the public meetings; the count of listed companies and of published
    # posts (none here, so no page of them)
    assert counts == [4, 4]
