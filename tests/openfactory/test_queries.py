"""Each open factory page runs a fixed number of SQL queries, whatever the amount of data."""

import uuid

import pytest

from openfactory.models import Reservation
from tests.openfactory.factories import (
    AreaDayFactory,
    EditionFactory,
    ExhibitorFactory,
    ProgrammeFactory,
    ReservationFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    edition = EditionFactory()
    area_day = AreaDayFactory(edition=edition)
    slot = SlotFactory(programme__exhibitor__area_day=area_day)
    reservation = ReservationFactory(slot=slot)
    return {"edition": edition, "area_day": area_day, "slot": slot, "reservation": reservation}


def grow(world, times: int):
    """More days, companies, programmes, slots and reservations in the same edition."""
    edition = world["edition"]
    for _ in range(times):
        area_day = AreaDayFactory(edition=edition)
        for exhibitor in [world["area_day"], area_day]:
            programme = ProgrammeFactory(exhibitor=ExhibitorFactory(area_day=exhibitor))
            for hour in (10, 13):
                slot = SlotFactory(programme=programme)
                slot.starts_at = slot.starts_at.replace(hour=hour)
                slot.ends_at = slot.starts_at.replace(hour=hour + 1)
                slot.save()
                ReservationFactory.create_batch(2, slot=slot)
        for _ in range(3):
            SlotFactory(programme=world["slot"].programme)
            ReservationFactory(slot=world["slot"], status=Reservation.Status.WAITLISTED)
    EditionFactory()


PAGES = {
    # path builder, queries for an anonymous visitor
    # editions, the current one's days
    "index": (lambda w: "/openfactory/", 2),
    # the edition, its days, its call for exhibitors
    "edition": (lambda w: w["edition"].get_absolute_url(), 3),
    "programmes": (lambda w: f"/openfactory/{w['edition'].year}/programmes/", 4),
    "programmes filtered": (
        lambda w: f"/openfactory/{w['edition'].year}/programmes/?kind=workshop&age=8&seats=on",
        4,
    ),
    # area day, exhibitors: count, page, their programmes; every exhibitor for the walk; its
    # model routes (test_routes.py: with routes, their stops and programmes, two more)
    "area day": (lambda w: w["area_day"].get_absolute_url(), 6),
    "area day, page 2": (lambda w: w["area_day"].get_absolute_url() + "?page=2", 6),
    # the programme with its company, day and edition; the exhibitor's accessibility; slots
    "programme": (lambda w: w["slot"].programme.get_absolute_url(), 3),
    "reserve form": (lambda w: f"/openfactory/slots/{w['slot'].pk}/reserve/", 1),
    # the session (it remembers the reservations opened in this browser), the reservation
    "reservation": (lambda w: w["reservation"].get_absolute_url(), 2),
    "privacy": (lambda w: "/openfactory/privacy/", 0),
    # the reservation (the session is not touched: a calendar app has none)
    "calendar file": (
        lambda w: f"/openfactory/reservations/{w['reservation'].token}/calendar.ics",
        1,
    ),
    # the edition, its programmes, their slots
    "open data CSV": (lambda w: f"/openfactory/{w['edition'].year}/events.csv", 3),
    "open data JSON": (lambda w: f"/openfactory/{w['edition'].year}/events.json", 3),
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_do_not_grow_with_the_data(client, django_assert_num_queries, world, page):
    path, queries = PAGES[page]
    url = path(world)
    client.get(url)  # a first visit of a reservation link starts the browser's session
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(world, 6)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_my_reservations_does_not_grow_with_the_reservations(
    client, django_assert_num_queries, visitor, world
):
    client.force_login(visitor)
    ReservationFactory(slot=world["slot"], user=visitor)
    # session, user, company memberships (header), count, page
    with django_assert_num_queries(5):
        assert client.get("/openfactory/my/").status_code == 200
    for _ in range(10):
        ReservationFactory(slot=SlotFactory(), user=visitor)
    with django_assert_num_queries(5):
        assert client.get("/openfactory/my/").status_code == 200


def test_the_area_day_page_paginates_its_exhibitors(client, django_assert_num_queries, world):
    from openfactory.views.public import EXHIBITORS_PER_PAGE as SIZE

    area_day = world["area_day"]
    for n in range(2 * SIZE + 4):
        ProgrammeFactory(
            exhibitor=ExhibitorFactory(
                area_day=area_day, order=n + 1, company__name=f"出展{n:02d}社"
            )
        )
    url = area_day.get_absolute_url()
    # The cards only: the walking order above them lists every company of the day.
    first = client.get(url).content.decode().split('id="exhibitors-title"')[1]
    with django_assert_num_queries(6):
        third = client.get(url + "?page=3").content.decode().split('id="exhibitors-title"')[1]
    # The fixture's exhibitor (order 0) and 9 more on page 1; the last 5 on page 3.
    assert first.count('class="card mb-3 exhibitor-card"') == SIZE
    assert third.count('class="card mb-3 exhibitor-card"') == 5
    assert "出展00社" in first and f"出展{SIZE - 2:02d}社" in first
    assert f"出展{SIZE - 1:02d}社" not in first
    assert f"出展{2 * SIZE - 1:02d}社" in third and f"出展{2 * SIZE + 3:02d}社" in third
    assert "?page=2" in first and "3 / 3 ページ" in third


def test_the_index_paginates_past_editions(client, django_assert_num_queries):
    from openfactory.views.public import PAGE_SIZE

    editions = [EditionFactory(year=2001 + n, number=1 + n) for n in range(PAGE_SIZE + 3)]
    first = client.get("/openfactory/").content.decode()
    with django_assert_num_queries(2):
        second = client.get("/openfactory/?page=2").content.decode()
    # The newest is the current edition; 20 past ones on page 1, the 2 oldest on page 2.
    assert editions[-1].title in first
    assert editions[-2].get_absolute_url() in first and editions[2].get_absolute_url() in first
    assert editions[1].get_absolute_url() not in first
    assert editions[0].get_absolute_url() in second and editions[1].get_absolute_url() in second
    assert editions[2].get_absolute_url() not in second


# --- City staff's survey results and the statistics: 8 queries (issue 16) ----------------------

# Session, user, the user's groups (city staff?) with their memberships (the header's "My
# companies") in one query, then four of the page's own (see
# openfactory.surveys.selectors.survey_results_page and edition_results_or_404,
# openfactory.edition_results.statistics_summary).
STAFF_PAGE_QUERIES = 7


@pytest.fixture
def surveyed(db):
    """Last year's edition and this year's (a past one), in the same area, each with an
    edition-wide visitors' survey and a survey of its day, published, with venues."""
    import datetime as dt

    from django.utils import timezone

    from tests.openfactory.factories import AreaFactory
    from tests.openfactory.survey_factories import full_survey

    area = AreaFactory()
    made: dict = {"area": area}
    for key, year, ago in (("before", 2071, 380), ("this", 2072, 15)):
        edition = EditionFactory(year=year, number=year - 2000)
        day = AreaDayFactory(
            edition=edition, area=area, date=timezone.localdate() - dt.timedelta(days=ago)
        )
        made[key] = {
            "edition": edition,
            "days": [day],
            "wide": full_survey(area_day=None, edition=edition, results_published=True),
            "own": full_survey(area_day=day, edition=edition),
        }
    grow_surveyed(made, days=0, answers=3)
    return made


def grow_surveyed(made: dict, *, days: int, answers: int, questions: int = 0) -> None:
    """More area days (of new areas, in both editions), questions with choices, and per day
    exhibitors, reservations checked in, walk-ins, visitor passes and answers."""
    import datetime as dt
    import random

    from django.utils import timezone

    from openfactory.models import ReceptionCount, Visit
    from openfactory.surveys import services
    from tests.openfactory.factories import AreaFactory
    from tests.openfactory.pass_factories import VisitorPassFactory
    from tests.openfactory.survey_factories import ChoiceFactory, QuestionFactory

    rng = random.Random(len(made) + days + answers)
    for _ in range(days):
        area = AreaFactory()
        for key in ("before", "this"):
            first = made[key]["days"][0]
            made[key]["days"].append(
                AreaDayFactory(edition=made[key]["edition"], area=area, date=first.date)
            )
    for key in ("before", "this"):
        for survey in (made[key]["wide"], made[key]["own"]):
            for n in range(questions):
                question = QuestionFactory(survey=survey, kind="single", text=f"追加{n}")
                for value in ("a", "b", "c"):
                    ChoiceFactory(question=question, value=value, label=value)
        for day in made[key]["days"]:
            venue = ExhibitorFactory(area_day=day)
            slot = SlotFactory(programme__exhibitor=venue, seats=100)
            came = ReservationFactory.create_batch(
                answers, slot=slot, status=Reservation.Status.ATTENDED, adults=2, children=1
            )
            ReceptionCount.objects.create(programme=slot.programme, date=day.date, walk_ins=5)
            for i in range(answers):
                visitor_pass = VisitorPassFactory(edition=made[key]["edition"])
                moment = timezone.make_aware(dt.datetime.combine(day.date, dt.time(10 + i % 6)))
                Visit.objects.create(visitor_pass=visitor_pass, exhibitor=venue, visited_at=moment)
                for survey in (made[key]["wide"], made[key]["own"]):
                    if survey.area_day_id not in (None, day.pk):
                        continue
                    where = {"reservation": came[i]} if i % 2 else {"venue": venue}
                    services.response_submit(
                        survey=survey,
                        answers=_answers(survey, venue, rng),
                        browser_key=f"{survey.pk}-{day.pk}-{i}-{rng.random()}",
                        **where,
                    )


def _answers(survey, venue, rng) -> dict:
    answers = {}
    for question in survey.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        if question.kind == "rating":
            answers[question.pk] = {"number": rng.randint(1, 5)}
        elif question.kind == "number":
            answers[question.pk] = {"number": rng.randint(0, 9)}
        elif question.kind == "text":
            answers[question.pk] = {"text": "暑かったが楽しかった"}
        elif question.kind == "exhibitor":
            answers[question.pk] = {"exhibitor": venue}
        elif question.kind == "multiple":
            answers[question.pk] = {"choices": choices[:2], "other_text": "お土産"}
        elif choices:
            answers[question.pk] = {"choice": rng.choice(choices), "other_text": "ほか"}
    return answers


SURVEY_PAGES = {
    "results": lambda m: f"/openfactory/surveys/{m['this']['wide'].pk}/results/",
    "results of a day": lambda m: (
        f"/openfactory/surveys/{m['this']['wide'].pk}/results/?day={m['this']['days'][0].pk}"
    ),
    "results, comments searched": lambda m: (
        f"/openfactory/surveys/{m['this']['wide'].pk}/results/?q=%E6%9A%91"  # 暑
    ),
    "results of a day's survey": lambda m: f"/openfactory/surveys/{m['this']['own'].pk}/results/",
    "printable report of a day": lambda m: (
        f"/openfactory/surveys/{m['this']['wide'].pk}/report/?day={m['this']['days'][0].pk}"
    ),
    "edition results": lambda m: f"/openfactory/surveys/editions/{m['this']['edition'].pk}/",
    "statistics": lambda m: f"/openfactory/{m['this']['edition'].year}/statistics/",
}


@pytest.mark.parametrize("page", SURVEY_PAGES)
def test_staff_results_and_statistics_take_seven_queries_whatever_the_data(
    client, staff, django_assert_num_queries, surveyed, page
):
    """The same 7 at both sizes: more area days, questions, answers, comments and visits
    never add a query (issue 16's budget is 8 on any page)."""
    client.force_login(staff)
    url = SURVEY_PAGES[page](surveyed)
    # The printable report has no header (the groups without the memberships: still one
    # query) and no comments.
    queries = STAFF_PAGE_QUERIES - 1 if "report" in page else STAFF_PAGE_QUERIES
    client.get(url)
    with django_assert_num_queries(queries):
        small = client.get(url)
    assert small.status_code == 200
    grow_surveyed(surveyed, days=3, answers=12, questions=4)
    with django_assert_num_queries(queries):
        large = client.get(url)
    assert large.status_code == 200
    # The pages show what they are about, with last edition beside where they have one.
    body = large.content.decode()
    if page.startswith(("results", "printable")):
        assert "追加3" in body and 'data-figure="previous-mean"' in body
    if page == "results":
        assert 'data-day="total"' in body
    if page == "edition results":
        assert 'data-figure="previous-mean"' in body
    if page == "statistics":
        assert 'data-figure="satisfaction"' in body and "開催結果" in body


_TRANSACTION = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")  # savepoints in a test


def _reservation_queries(captured) -> list[str]:
    """The statements of a reservation's POST but the transaction's own and the session's."""
    return [
        q["sql"]
        for q in captured
        if not q["sql"].startswith(_TRANSACTION) and "django_session" not in q["sql"]
    ]


def _reserve_counted(client, slot, email: str, **overrides) -> list[str]:
    """Reserve through the form's two steps; the final POST's statements, counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.openfactory.test_views import form_data, hidden_fields

    url = f"/openfactory/slots/{slot.pk}/reserve/"
    key = uuid.uuid4().hex  # a form of its own each time
    confirm = client.post(url, form_data(email=email, idempotency_key=key, **overrides))
    assert confirm.status_code == 200, confirm.content.decode()
    fields = hidden_fields(confirm.content.decode())
    with CaptureQueriesContext(connection) as captured:
        done = client.post(url, {**fields, "reserve": ""})
    assert done.status_code == 302, done.content.decode()
    return _reservation_queries(captured.captured_queries)


@pytest.mark.parametrize("grown", [False, True])
def test_a_reservation_takes_eight_queries_whatever_the_data(client, world, grown):
    """Issue 16's budget for the reservation POST: the slot for the form; the address's lock
    and the slot's; the address's reservations; the seat count; a new pass; the reservation;
    the seats. Besides them only BEGIN, COMMIT and the browser's session."""
    if grown:
        grow(world, 6)
    slot = SlotFactory(seats=10, programme=world["slot"].programme)
    queries = _reserve_counted(client, slot, "hanako@example.jp")
    assert len(queries) == 8, "\n".join(queries)
    reservation = Reservation.objects.get(email="hanako@example.jp")
    assert reservation.status == Reservation.Status.CONFIRMED
    slot.refresh_from_db()
    assert slot.seats_taken == reservation.party_size
    # A second reservation of the address shares its pass (no new pass), and this browser
    # now holds a reservation its times are checked against (one query for the overlaps).
    other = SlotFactory(
        seats=10,
        programme=world["slot"].programme,
        starts_at=slot.starts_at.replace(hour=15),
        ends_at=slot.ends_at.replace(hour=16),
    )
    queries = _reserve_counted(client, other, "hanako@example.jp")
    assert len(queries) == 8, "\n".join(queries)
    assert not any(q.startswith('INSERT INTO "openfactory_visitorpass"') for q in queries)
    second = Reservation.objects.get(email="hanako@example.jp", slot=other)
    assert second.visitor_pass_id == reservation.visitor_pass_id


def test_the_admins_list_of_slots_reads_them_in_order_from_an_index():
    """The admin lists slots by time (their ordering): read from the (starts_at, id) index,
    not sorted from every slot (192,000 at twenty editions, docs/benchmarks.md)."""
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from openfactory.models import Slot
    from tests.openfactory.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    start = timezone.now()
    Slot.objects.bulk_create(
        Slot(
            programme=programme,
            starts_at=start + dt.timedelta(minutes=n),
            ends_at=start + dt.timedelta(minutes=n + 30),
            seats=10,
        )
        for n in range(5000)
    )
    query = Slot.objects.select_related("programme").order_by("starts_at", "pk")[:100]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE openfactory_slot")
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "openfactory_slot_by_time" in plan, plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = "\n".join(str(row) for row in cursor.fetchall())
            assert "openfactory_slot_by_time" in plan, plan
