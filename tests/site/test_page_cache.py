"""Public pages kept in the cache for visitors without a session (core/page_cache.py): served
without a query, never stale after a change, never one user's page to another.

The test settings turn the page cache off for the rest of the suite; each test here turns it
on. A "visitor" is a test client that never had a cookie of the site but the CSRF token's.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from companies.models import Post
from core import page_cache
from core.page_cache import GENERATION_KEY
from meetings.models import Meeting, Visibility
from meetings.services import meeting_edited
from openfactory import services
from openfactory.models import Programme, Reservation
from tests.companies.factories import CompanyFactory, MembershipFactory, PostFactory
from tests.conftest import PortalClient
from tests.meetings.factories import MeetingFactory, NoteFactory
from tests.meetings.test_search import indexed_meeting
from tests.openfactory.factories import ReservationFactory, SlotFactory
from tests.openfactory.pass_factories import VisitorPassFactory
from tests.openfactory.test_views import reserve_through_the_pages

# Transactions commit here, as in production: the cache's generation moves on at commit.
pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(page_cache_on):
    cache.set(GENERATION_KEY, 1, timeout=None)  # as the first request of a new Redis makes it


def visitor() -> Client:
    return Client()


def seats(client, slot) -> str:
    body = client.get(slot.programme.get_absolute_url()).content.decode()
    return re.search(r"残り(\d+)席|満席", body)[0]


@pytest.fixture
def slot(db):
    return SlotFactory(seats=4, programme__title="板金でキーホルダーづくり")


def test_a_second_visitor_gets_the_page_without_a_query(django_assert_num_queries, slot):
    url = slot.programme.get_absolute_url()
    first = visitor().get(url)
    with django_assert_num_queries(0):
        second = visitor().get(url)
    assert second.status_code == 200
    assert first.content.decode().count(
        "板金でキーホルダーづくり"
    ) == second.content.decode().count("板金でキーホルダーづくり")


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(slot):
    url = slot.programme.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token_1 = TOKEN.search(first.get(url).content.decode())[1]
    page = second.get(url)  # from the cache
    token_2 = TOKEN.search(page.content.decode())[1]
    assert token_1 != token_2 and "{csrf-token}" not in page.content.decode()
    # The cached page's language switch works for the second visitor: its token matches the
    # cookie it was given.
    switched = second.post(
        "/i18n/setlang/", {"csrfmiddlewaretoken": token_2, "language": "en", "next": url}
    )
    assert switched.status_code == 302
    assert '<html lang="en"' in second.get(url).content.decode()


def test_a_reservation_and_a_cancellation_are_seen_at_once(slot):
    watcher = visitor()
    assert seats(watcher, slot) == "残り4席"
    family = visitor()
    _confirm, done = reserve_through_the_pages(family, slot, adults="2", children="1")
    assert done.status_code == 302
    assert seats(watcher, slot) == "残り1席"
    reservation = Reservation.objects.get()
    services.reservation_cancel(token=reservation.token)
    assert seats(watcher, slot) == "残り4席"


def test_a_reservation_moves_the_generation_on_once_when_it_commits(slot):
    """It writes a pass, a reservation and the seats: one move of the generation, at commit
    (before it, other processes still read the data as it was)."""
    before = cache.get(GENERATION_KEY)
    with transaction.atomic():
        services.reservation_create(
            slot_id=slot.pk,
            name="綾瀬 花子",
            name_kana="アヤセ ハナコ",
            email="hanako@example.jp",
            phone="090-1234-5678",
            adults=1,
            children=0,
        )
        assert cache.get(GENERATION_KEY) == before  # not yet committed
        pending = [entry[1] for entry in connection.run_on_commit]
        assert pending.count(page_cache._next_generation) == 1
    assert Reservation.objects.get().visitor_pass_id
    # Moved on by the commit (and by the mail's own transaction after it).
    assert cache.get(GENERATION_KEY) > before


def test_the_mail_record_of_a_reservation_keeps_the_pages(slot):
    """No page shows which mails went out: recording one (after each reservation of a rush)
    does not make every kept page out of date; the reservation itself does."""
    from openfactory.models import ReservationMail

    reservation = ReservationFactory(slot=slot)
    before = cache.get(GENERATION_KEY)
    ReservationMail.objects.create(reservation=reservation, kind=ReservationMail.Kind.CONFIRMED)
    assert cache.get(GENERATION_KEY) == before
    reservation.save()
    assert cache.get(GENERATION_KEY) == before + 1


def test_a_promotion_from_the_waitlist_is_seen_at_once(slot):
    watcher = visitor()
    held = ReservationFactory(slot=slot, adults=2, children=2)
    services.locking.store_seats_taken(slot, 4)
    waiting = ReservationFactory(
        slot=slot, status=Reservation.Status.WAITLISTED, adults=1, children=0
    )
    assert seats(watcher, slot) == "満席"
    services.reservation_cancel(token=held.token)  # frees 4, promotes the waiting party
    waiting.refresh_from_db()
    assert waiting.status == Reservation.Status.CONFIRMED
    assert seats(watcher, slot) == "残り3席"


def test_an_edited_programme_is_seen_at_once(slot, staff):
    watcher = visitor()
    url = slot.programme.get_absolute_url()
    assert "板金でキーホルダーづくり" in watcher.get(url).content.decode()
    programme = Programme.objects.get(pk=slot.programme.pk)
    programme.title = "板金でしおりづくり"
    programme.save()
    body = watcher.get(url).content.decode()
    assert "板金でしおりづくり" in body and "キーホルダー" not in body


def test_a_published_post_is_seen_at_once(owner, company):
    watcher = visitor()
    assert "新しいレーザー加工機" not in watcher.get("/companies/posts/").content.decode()
    assert "新しいレーザー加工機" not in watcher.get("/").content.decode()
    PostFactory(company=company, title="新しいレーザー加工機", status=Post.Status.PUBLISHED)
    assert "新しいレーザー加工機" in watcher.get("/companies/posts/").content.decode()
    assert "新しいレーザー加工機" in watcher.get("/").content.decode()


def test_a_changed_minutes_visibility_is_seen_at_once():
    meeting = MeetingFactory(title="第99回 定例会", visibility=Visibility.PUBLIC)
    watcher = visitor()
    assert "第99回 定例会" in watcher.get("/meetings/").content.decode()
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.visibility = Visibility.MEMBERS
    meeting.save()
    assert "第99回 定例会" not in watcher.get("/meetings/").content.decode()


def test_seats_changed_without_signals_are_seen_at_once(slot):
    """The seat counter is written with QuerySet.update (no signal): it says so itself."""
    watcher = visitor()
    assert seats(watcher, slot) == "残り4席"
    services.locking.add_seats(slot, 3)
    assert seats(watcher, slot) == "残り1席"


def test_a_routes_suggested_minutes_are_seen_at_once():
    """City staff's "suggest the minutes" fills them with bulk_update (no signal)."""
    from decimal import Decimal

    from openfactory.services.routes import route_suggest_minutes
    from tests.openfactory.route_factories import RouteFactory, RouteStopFactory

    route = RouteFactory()
    for order, longitude in enumerate(("139.420000", "139.430000")):
        RouteStopFactory(
            route=route,
            order=order,
            minutes_to_next=None,
            exhibitor__company__latitude=Decimal("35.430000"),
            exhibitor__company__longitude=Decimal(longitude),
        )
    watcher, url = visitor(), route.area_day.get_absolute_url()
    assert "route-leg" not in watcher.get(url).content.decode()
    assert route_suggest_minutes(route=route) == 1
    assert "route-leg" in watcher.get(url).content.decode()


def signed_in(user) -> PortalClient:
    client = PortalClient()
    client.force_login(user)
    return client


def test_a_page_cached_for_visitors_is_never_a_signed_in_users_and_back(
    member, owner, staff, company
):
    """Members-only minutes, a company's staff links, the account menu: each user gets their
    own page, before and after visitors were served the public one, and visitors never get
    a signed-in user's."""
    MeetingFactory(title="第98回 公開の定例会", visibility=Visibility.PUBLIC)
    MeetingFactory(title="第97回 会員限定の定例会", visibility=Visibility.MEMBERS)
    assert "会員限定" not in visitor().get("/meetings/").content.decode()
    for user in (member, staff):
        body = signed_in(user).get("/meetings/").content.decode()
        assert "第97回 会員限定の定例会" in body and "ログアウト" in body, user
    assert "会員限定" not in visitor().get("/meetings/").content.decode()
    for path in ("/", "/meetings/", "/companies/", f"/companies/{company.slug}/"):
        for first, second in ((member, owner), (owner, staff), (staff, member)):
            signed_in(first).get(path)
            body = signed_in(second).get(path).content.decode()
            assert "ログアウト" in body, (path, second)
            assert "ログアウト" not in visitor().get(path).content.decode(), path
    # The company's staff see their company's links on its page; another company's owner
    # and visitors do not, whoever asked first.
    other_owner = MembershipFactory(company=CompanyFactory(), role="owner").user
    page, edit = f"/companies/{company.slug}/", f"/companies/{company.slug}/edit/"
    assert edit in signed_in(owner).get(page).content.decode()
    assert edit not in signed_in(other_owner).get(page).content.decode()
    assert edit not in visitor().get(page).content.decode()
    assert edit in signed_in(owner).get(page).content.decode()


def test_a_visitor_with_a_session_is_neither_served_nor_stored(slot, django_assert_num_queries):
    """A visitor pass lives in the session (as a reservation in progress does): the page
    that lists it is rendered for its visitor, and never kept for the others."""
    edition = slot.programme.exhibitor.area_day.edition
    holder = visitor()
    visitor_pass = VisitorPassFactory(edition=edition)
    holder.get(visitor_pass.get_absolute_url())  # opened on this phone: the session keeps it
    visitor().get("/openfactory/")  # stored, by a visitor without a session
    with django_assert_num_queries(0):
        assert visitor_pass.code not in visitor().get("/openfactory/").content.decode()
    assert visitor_pass.code in holder.get("/openfactory/").content.decode()
    assert visitor_pass.code not in visitor().get("/openfactory/").content.decode()


def test_only_the_pages_query_parameter_is_kept(django_assert_num_queries, company):
    search = "/companies/?q=" + company.name
    visitor().get(search)
    visitor().get("/companies/?page=1")
    with django_assert_num_queries(0):
        visitor().get("/companies/?page=1")
    # Any other parameter or value is rendered each time: nobody fills Redis with copies of a
    # page.
    for path in (search, "/companies/?page=21", "/companies/?page=1&page=2", "/companies/?page=１"):
        visitor().get(path)
        with CaptureQueriesContext(connection) as rendered:
            assert visitor().get(path).status_code == 200
        assert len(rendered) > 0, path


def test_a_generation_lost_from_the_cache_makes_every_page_new(slot):
    """Redis may evict the generation: counted again from the start, it would match pages
    stored long ago."""
    watcher = visitor()
    url = slot.programme.get_absolute_url()
    watcher.get(url)  # makes the generation
    watcher.get(url)  # stores the page
    cache.delete(GENERATION_KEY)
    # A change no signal tells of, as if it had happened while the generation was lost.
    Programme.objects.filter(pk=slot.programme.pk).update(title="板金でしおりづくり")
    assert "板金でしおりづくり" in watcher.get(url).content.decode()


def test_while_redis_cannot_be_reached_pages_are_neither_served_nor_kept(
    slot, monkeypatch, django_assert_num_queries
):
    """core.cache then answers from one process's memory, which other processes' changes do
    not reach: a page kept there could be stale."""
    url = slot.programme.get_absolute_url()
    visitor().get(url)
    visitor().get(url)  # kept
    monkeypatch.setattr(page_cache, "_shared", lambda: False)
    with CaptureQueriesContext(connection) as rendered:
        visitor().get(url)
    assert len(rendered) > 0
    Programme.objects.filter(pk=slot.programme.pk).update(title="板金でしおりづくり")
    assert "板金でしおりづくり" in visitor().get(url).content.decode()
    monkeypatch.undo()
    # Back on Redis: what was kept before is served again until the next change.
    with django_assert_num_queries(0):
        visitor().get(url)


# --- The minutes' search: free text kept in a fixed number of slots --------------------------


def search_results(client, query: str, **params) -> str:
    """The titles of the meetings found, in order, as the results list shows them."""
    response = client.get("/meetings/search/", {"q": query, **params})
    assert response.status_code == 200
    body = response.content.decode()
    return " / ".join(re.findall(r'<h2 class="h5 mb-2"><a href="[^"]+">(.*?)</a></h2>', body))


@pytest.fixture
def dormitory_minutes():
    return indexed_meeting(
        title="第12回 定例会", notes=["寮の見学会を行う。"], visibility=Visibility.PUBLIC
    )


def test_a_search_asked_again_is_served_without_a_query(
    django_assert_num_queries, dormitory_minutes
):
    assert search_results(visitor(), "寮") == "第12回 定例会"
    with django_assert_num_queries(0):
        assert search_results(visitor(), "寮") == "第12回 定例会"


def test_changed_minutes_are_seen_at_once_by_a_search(dormitory_minutes):
    watcher = visitor()
    assert search_results(watcher, "社宅") == ""
    assert search_results(watcher, "社宅") == ""  # kept, with no result
    NoteFactory(item=dormitory_minutes.agenda_items.get(), order=9, text="社宅の空きを確認する。")
    meeting_edited(meeting=dormitory_minutes)
    assert search_results(watcher, "社宅") == "第12回 定例会"
    dormitory_minutes.visibility = Visibility.MEMBERS
    dormitory_minutes.save()
    assert search_results(watcher, "社宅") == ""


def test_a_search_kept_for_visitors_is_never_a_members_and_back(member, dormitory_minutes):
    indexed_meeting(
        title="第13回 会員限定", notes=["寮の家賃補助。"], visibility=Visibility.MEMBERS
    )
    assert search_results(visitor(), "寮") == "第12回 定例会"
    assert search_results(signed_in(member), "寮") == "第13回 会員限定 / 第12回 定例会"
    assert search_results(visitor(), "寮") == "第12回 定例会"
    assert search_results(signed_in(member), "寮") == "第13回 会員限定 / 第12回 定例会"


def test_searches_in_one_slot_are_never_served_each_others_page(
    monkeypatch, django_assert_num_queries, dormitory_minutes
):
    """Two searches that take the same slot: each is answered with its own results, the
    last one stored is served from the cache."""
    indexed_meeting(title="第14回 定例会", notes=["合同研修の日程。"], visibility=Visibility.PUBLIC)
    monkeypatch.setattr(page_cache, "TEXT_SLOTS", 1)
    for _round in range(2):
        assert search_results(visitor(), "寮") == "第12回 定例会"
        assert search_results(visitor(), "研修") == "第14回 定例会"
    with django_assert_num_queries(0):
        assert search_results(visitor(), "研修") == "第14回 定例会"
    assert search_results(visitor(), "寮", page="1") == "第12回 定例会"


def test_a_stream_of_different_searches_keeps_at_most_the_slots(monkeypatch, dormitory_minutes):
    """Nobody fills Redis by searching for something new each time: the pages kept are at
    most ``TEXT_SLOTS``, however many searches were asked."""
    monkeypatch.setattr(page_cache, "TEXT_SLOTS", 8)
    client = visitor()
    for number in range(40):
        search_results(client, f"寮 {number}")
    slots = [cache.get(f"page-cache:text-slot:{n}") for n in range(8)]
    assert 1 <= sum(slot is not None for slot in slots) <= 8
    assert cache.get("page-cache:text-slot:8") is None


@pytest.mark.parametrize(
    "params",
    [{"q": "寮" * 101}, {"q": ["寮", "研修"]}, {"q": "寮", "page": "21"}, {"q": "寮", "x": "1"}],
)
def test_a_search_outside_the_kept_parameters_is_never_kept(params, dormitory_minutes):
    for _twice in range(2):
        assert visitor().get("/meetings/search/", params).status_code == 200
    slots = cache.get_many([f"page-cache:text-slot:{n}" for n in range(page_cache.TEXT_SLOTS)])
    assert slots == {}, params


def test_a_new_release_never_serves_the_pages_of_the_old_one(slot, monkeypatch):
    """After a release (a changed template, say), the old pages are not served, and the old
    workers still finishing their requests do not serve the new ones."""
    url = slot.programme.get_absolute_url()
    monkeypatch.setattr(page_cache, "release_id", lambda: "old")
    visitor().get(url)  # kept under the old release
    Programme.objects.filter(pk=slot.programme.pk).update(title="板金でしおりづくり")  # no signal
    assert "板金でしおりづくり" not in visitor().get(url).content.decode()
    monkeypatch.setattr(page_cache, "release_id", lambda: "new")
    assert "板金でしおりづくり" in visitor().get(url).content.decode()
    Programme.objects.filter(pk=slot.programme.pk).update(title="板金でキーホルダーづくり")
    monkeypatch.setattr(page_cache, "release_id", lambda: "old")
    assert "板金でしおりづくり" not in visitor().get(url).content.decode()
