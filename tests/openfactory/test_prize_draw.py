"""The stamp rally's prize draw (issue 15, item 3): the entrants are exactly the passes with
enough stamps; the draw is fair and can be checked with its stored seed; it is drawn once,
after the last area day, by city staff in the admin; winners and losers learn it on their
pass page."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from openfactory import services
from openfactory.errors import PrizeDrawError
from openfactory.models import PrizeDraw, PrizeWinner, Stamp
from openfactory.services.prize_draw import prize_draw_order
from tests.openfactory.factories import AreaDayFactory, EditionFactory, ExhibitorFactory
from tests.openfactory.pass_factories import VisitFactory, VisitorPassFactory
from tests.site.hostile import form_body

pytestmark = pytest.mark.django_db

ADMIN_EDITIONS = "/admin/openfactory/edition/"


def stamp(visitor_pass, exhibitor):
    return Stamp.objects.create(
        visitor_pass=visitor_pass, exhibitor=exhibitor, stamped_at=timezone.now()
    )


@pytest.fixture
def edition():
    """An edition held yesterday whose draw asks for two stamps, with three factories."""
    edition = EditionFactory(stamps_for_draw=2)
    day = AreaDayFactory(edition=edition, date=timezone.localdate() - dt.timedelta(days=1))
    edition.factories = [ExhibitorFactory(area_day=day) for _ in range(3)]
    return edition


def passes_with(edition, *stamp_counts):
    """One pass per count, with that many stamps at the edition's factories."""
    made = []
    for count in stamp_counts:
        visitor_pass = VisitorPassFactory(edition=edition)
        for exhibitor in edition.factories[:count]:
            stamp(visitor_pass, exhibitor)
        made.append(visitor_pass)
    return made


def winners_of(draw):
    return list(draw.winners.order_by("position").values_list("visitor_pass", flat=True))


# --- Who enters --------------------------------------------------------------------------


def test_the_entrants_are_exactly_the_passes_with_enough_stamps(edition, staff):
    passes_with(edition, 0, 1, 2, 3, 2, 1)
    # Another edition's passes, however many stamps they hold, are not in this draw.
    other = EditionFactory(stamps_for_draw=1)
    other.factories = [
        ExhibitorFactory(area_day=AreaDayFactory(edition=other, date=dt.date(2020, 5, 1)))
    ]
    passes_with(other, 1, 1)
    # Counted here from the stamps themselves, not with the service's query.
    counts = Counter(
        Stamp.objects.filter(visitor_pass__edition=edition).values_list("visitor_pass", flat=True)
    )
    expected = sorted(pk for pk, count in counts.items() if count >= 2)
    assert len(expected) == 3
    draw = services.prize_draw(edition=edition, prizes=100, by=staff)
    assert draw.entrants == 3 and draw.stamps_needed == 2
    # More prizes than entrants: every entrant wins, once.
    assert sorted(winners_of(draw)) == expected
    assert sorted(PrizeWinner.objects.values_list("position", flat=True)) == [1, 2, 3]


def test_fewer_prizes_than_entrants_draws_that_many_of_the_entrants(edition, staff):
    entrants = {p.pk for p in passes_with(edition, 2, 2, 3, 3, 2)}
    passes_with(edition, 1, 0)
    draw = services.prize_draw(edition=edition, prizes=2, by=staff)
    won = winners_of(draw)
    assert len(won) == 2 and set(won) <= entrants


# --- Fair, and reproducible --------------------------------------------------------------


def test_the_same_seed_gives_the_same_winners_and_the_seed_is_stored(edition, staff):
    passes_with(edition, *([2] * 12))
    draw = services.prize_draw(edition=edition, prizes=4, by=staff, seed=2**64 - 5)
    first = winners_of(draw)
    draw.refresh_from_db()
    assert int(draw.seed) == 2**64 - 5
    # Anyone holding the stored seed checks it: the entrants by id, shuffled with it.
    entrants = sorted(p.pk for p in edition.visitor_passes.all())
    order = list(entrants)
    random.Random(int(draw.seed)).shuffle(order)
    assert first == order[:4]
    # Drawn again (the draw removed by hand) with the stored seed: the same winners in order.
    seed = int(draw.seed)
    draw.delete()
    again = services.prize_draw(edition=edition, prizes=4, by=staff, seed=seed)
    assert winners_of(again) == first


def test_without_a_seed_one_is_drawn_from_secrets_and_stored(edition, staff):
    passes_with(edition, 2, 2, 2)
    draw = services.prize_draw(edition=edition, prizes=1, by=staff)
    draw.refresh_from_db()
    seed = int(draw.seed)
    assert 0 <= seed < 2**64
    entrants = sorted(p.pk for p in edition.visitor_passes.all())
    assert winners_of(draw) == prize_draw_order(entrants, seed)[:1]


def test_every_entrant_wins_about_as_often_over_many_seeds():
    """2,000 draws of one prize among five entrants: each wins 400 times give or take (the
    bounds are more than five standard deviations wide)."""
    seeds = random.Random(15).getrandbits
    wins = Counter(prize_draw_order([11, 7, 42, 3, 19], seeds(64))[0] for _ in range(2000))
    assert set(wins) == {3, 7, 11, 19, 42}
    assert all(300 <= count <= 500 for count in wins.values()), wins


def test_the_order_does_not_depend_on_the_order_the_entrants_come_in():
    assert prize_draw_order([5, 1, 9, 3], 77) == prize_draw_order([9, 3, 1, 5], 77)


# --- Once, and only when it may be drawn -------------------------------------------------


def test_drawing_twice_changes_nothing_and_says_so(edition, staff, superuser):
    passes_with(edition, 2, 2, 2, 2)
    draw = services.prize_draw(edition=edition, prizes=1, by=staff)
    won = winners_of(draw)
    with pytest.raises(PrizeDrawError) as refused:
        services.prize_draw(edition=edition, prizes=3, by=superuser)
    assert refused.value.code == "already"
    assert "抽選済み" in str(refused.value)
    assert PrizeDraw.objects.count() == 1 and winners_of(PrizeDraw.objects.get()) == won
    assert LogEntry.objects.filter(user=superuser).count() == 0


@pytest.mark.parametrize("days_from_today", [0, 1])
def test_refused_before_the_last_area_day_is_over(edition, staff, days_from_today):
    passes_with(edition, 2, 2)
    AreaDayFactory(edition=edition, date=timezone.localdate() + dt.timedelta(days=days_from_today))
    with pytest.raises(PrizeDrawError) as refused:
        services.prize_draw(edition=edition, prizes=1, by=staff)
    assert refused.value.code == "not_over"
    assert "最終開催日" in str(refused.value)
    assert not PrizeDraw.objects.exists() and not PrizeWinner.objects.exists()


def test_refused_when_the_edition_has_no_stamps_for_the_draw(edition, staff):
    passes_with(edition, 3, 3)
    edition.stamps_for_draw = None
    edition.save()
    with pytest.raises(PrizeDrawError) as refused:
        services.prize_draw(edition=edition, prizes=1, by=staff)
    assert refused.value.code == "no_draw"
    # Neither the edition nor any of its area days has a number: the message says both.
    assert "抽選に必要なスタンプ数" in str(refused.value) and "開催日" in str(refused.value)
    assert not PrizeDraw.objects.exists()


def test_refused_when_no_pass_has_enough_stamps(edition, staff):
    passes_with(edition, 1, 0, 1)
    with pytest.raises(PrizeDrawError) as refused:
        services.prize_draw(edition=edition, prizes=1, by=staff)
    assert refused.value.code == "no_entrants"
    assert not PrizeDraw.objects.exists()


def test_the_database_holds_one_draw_per_edition_and_one_win_per_pass(edition, staff):
    from django.db import IntegrityError, transaction

    (visitor_pass,) = passes_with(edition, 2)
    draw = services.prize_draw(edition=edition, prizes=1, by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        PrizeDraw.objects.create(
            edition=edition,
            prizes=1,
            stamps_needed=2,
            entrants=1,
            seed=1,
            drawn_at=timezone.now(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PrizeWinner.objects.create(draw=draw, visitor_pass=visitor_pass, position=2)


# --- Area days with their own number ------------------------------------------------------


@pytest.fixture
def days_edition():
    """An edition held last week whose draw asks for four stamps in all, with a small area
    day of two factories asking for two of its own, a second one asking for three of its
    own, and a big one of four factories with no number of its own."""
    edition = EditionFactory(stamps_for_draw=4)
    held = timezone.localdate() - dt.timedelta(days=7)
    small = AreaDayFactory(edition=edition, date=held, stamps_for_draw=2)
    middle = AreaDayFactory(edition=edition, date=held + dt.timedelta(days=1), stamps_for_draw=3)
    big = AreaDayFactory(edition=edition, date=held + dt.timedelta(days=2))
    edition.days = {
        "small": [ExhibitorFactory(area_day=small) for _ in range(2)],
        "middle": [ExhibitorFactory(area_day=middle) for _ in range(3)],
        "big": [ExhibitorFactory(area_day=big) for _ in range(4)],
    }
    return edition


def pass_stamped(edition, **per_day):
    """A pass of the edition with as many stamps at each named area day as given."""
    visitor_pass = VisitorPassFactory(edition=edition)
    for day, count in per_day.items():
        for exhibitor in edition.days[day][:count]:
            stamp(visitor_pass, exhibitor)
    return visitor_pass


def expected_entrants(edition):
    """The entrants computed here from the stored stamps, without the service's query: enough
    stamps in all, or enough from the factories of one area day with its own number."""
    in_all = Counter()
    per_day = Counter()
    for pass_id, day_id in Stamp.objects.filter(visitor_pass__edition=edition).values_list(
        "visitor_pass", "exhibitor__area_day"
    ):
        in_all[pass_id] += 1
        per_day[pass_id, day_id] += 1
    needed = dict(
        edition.area_days.filter(stamps_for_draw__isnull=False).values_list("pk", "stamps_for_draw")
    )
    edition.refresh_from_db()
    return sorted(
        pass_id
        for pass_id in set(edition.visitor_passes.values_list("pk", flat=True))
        if (edition.stamps_for_draw and in_all[pass_id] >= edition.stamps_for_draw)
        or any(per_day[pass_id, day] >= n for day, n in needed.items())
    )


def test_enough_stamps_at_an_area_day_with_its_own_number_enter_short_of_the_editions(
    days_edition,
):
    small_day = pass_stamped(days_edition, small=2)  # 2 of 4 in all, 2 of 2 on the small day
    middle_day = pass_stamped(days_edition, middle=3, big=0)
    in_all = pass_stamped(days_edition, big=4)  # no number of its own: the edition's 4
    mixed = pass_stamped(days_edition, small=1, middle=1, big=2)  # 4 in all
    short = pass_stamped(days_edition, small=1, middle=2)  # 3 in all; 1 of 2, 2 of 3
    pass_stamped(days_edition, big=3)  # 3 of 4 in all; its day has no number
    pass_stamped(days_edition)
    entrants = services.prize_draw_entrants(days_edition)
    assert entrants == sorted([small_day.pk, middle_day.pk, in_all.pk, mixed.pk])
    assert short.pk not in entrants
    assert entrants == expected_entrants(days_edition)


def test_stamps_of_another_area_day_do_not_count_toward_a_days_number(days_edition):
    days_edition.stamps_for_draw = None  # only the days' numbers
    days_edition.save()
    # One stamp on each numbered day and many on the big one: two short of each day's number.
    spread = pass_stamped(days_edition, small=1, middle=2, big=4)
    assert services.prize_draw_entrants(days_edition) == []
    stamp(spread, days_edition.days["small"][1])  # now 2 of 2 on the small day
    assert services.prize_draw_entrants(days_edition) == [spread.pk]


def test_the_entrants_are_those_computed_from_the_stored_stamps(days_edition, staff):
    """Sixty passes stamped at random over the three days: the service's entrants, and the
    draw's, are exactly those counted here from the stamps."""
    rng = random.Random(2026)
    exhibitors = [e for factories in days_edition.days.values() for e in factories]
    for _ in range(60):
        visitor_pass = VisitorPassFactory(edition=days_edition)
        for exhibitor in rng.sample(exhibitors, rng.randint(0, 5)):
            stamp(visitor_pass, exhibitor)
    # Another edition's passes, with stamps at its own factories, are not counted.
    other = EditionFactory(stamps_for_draw=1)
    other_day = AreaDayFactory(edition=other, date=dt.date(2020, 5, 1), stamps_for_draw=1)
    stamp(VisitorPassFactory(edition=other), ExhibitorFactory(area_day=other_day))
    expected = expected_entrants(days_edition)
    assert 0 < len(expected) < 60
    assert services.prize_draw_entrants(days_edition) == expected
    draw = services.prize_draw(edition=days_edition, prizes=1000, by=staff, seed=7)
    assert draw.entrants == len(expected) and sorted(winners_of(draw)) == expected
    # The stored seed shuffles the same entrants again into the same order.
    assert winners_of(draw) == prize_draw_order(expected, 7)


def test_the_entrants_take_the_same_queries_whatever_the_passes(
    days_edition, django_assert_num_queries
):
    pass_stamped(days_edition, small=2)
    pass_stamped(days_edition, big=1)
    with django_assert_num_queries(2):  # the area days' numbers, then the passes
        few = services.prize_draw_entrants(days_edition)
    terms = services.prize_draw_terms(days_edition)
    with django_assert_num_queries(1):
        assert services.prize_draw_entrants(days_edition, terms) == few
    for count in range(30):
        pass_stamped(days_edition, small=count % 3, middle=count % 4, big=count % 5)
    with django_assert_num_queries(2):
        many = services.prize_draw_entrants(days_edition)
    assert len(many) > len(few) and many == expected_entrants(days_edition)


def test_an_edition_without_a_number_is_drawn_when_an_area_day_has_one(days_edition, staff):
    days_edition.stamps_for_draw = None
    days_edition.save()
    entrant = pass_stamped(days_edition, small=2)
    pass_stamped(days_edition, big=4)  # many stamps, on a day without a number: not in
    draw = services.prize_draw(edition=days_edition, prizes=3, by=staff)
    assert draw.stamps_needed is None and draw.entrants == 1
    assert winners_of(draw) == [entrant.pk]
    # The days' numbers used are in the history of the draw and its edition.
    small, middle = days_edition.area_days.filter(stamps_for_draw__isnull=False).order_by("date")
    for entry in LogEntry.objects.filter(user=staff):
        message = entry.change_message
        assert str(draw.seed) in message
        assert f"{small}（開催日ID {small.pk}）の工場でスタンプ2個以上" in message
        assert f"{middle}（開催日ID {middle.pk}）の工場でスタンプ3個以上" in message
        assert "スタンプ合計" not in message
    assert LogEntry.objects.filter(user=staff).count() == 2


def test_the_history_records_the_editions_and_the_days_numbers(days_edition, staff):
    pass_stamped(days_edition, big=4)
    draw = services.prize_draw(edition=days_edition, prizes=1, by=staff)
    assert draw.stamps_needed == 4
    message = LogEntry.objects.get(
        user=staff, object_id=str(draw.pk), content_type__model="prizedraw"
    ).change_message
    assert message.startswith(
        "賞品抽選：対象1件のうち1件が当選（当選数1、スタンプ合計4個以上 または "
    )
    assert message.count("の工場でスタンプ") == 2


def test_an_edition_with_neither_number_is_refused_and_says_so(days_edition, staff, client):
    pass_stamped(days_edition, small=2, big=4)
    days_edition.stamps_for_draw = None
    days_edition.save()
    days_edition.area_days.update(stamps_for_draw=None)
    with pytest.raises(PrizeDrawError) as refused:
        services.prize_draw(edition=days_edition, prizes=1, by=staff)
    assert refused.value.code == "no_draw"
    assert str(refused.value) == (
        "この回には賞品抽選がありません。先に回またはいずれかの開催日の"
        "「抽選に必要なスタンプ数」を設定してください。"
    )
    client.force_login(staff)
    response = client.post(ADMIN_EDITIONS, action_data(days_edition), follow=True)
    assert "いずれかの開催日" in response.content.decode()
    assert not PrizeDraw.objects.exists()


def test_no_entrant_is_told_with_the_terms(days_edition, staff):
    pass_stamped(days_edition, small=1, middle=2)
    with pytest.raises(PrizeDrawError) as refused:
        services.prize_draw(edition=days_edition, prizes=1, by=staff)
    assert refused.value.code == "no_entrants"
    assert "スタンプ合計4個以上" in str(refused.value)
    assert "の工場でスタンプ2個以上" in str(refused.value)


def test_city_staff_set_an_area_days_number_in_the_admin_and_the_draw_page_shows_it(
    client, days_edition, staff
):
    big = days_edition.area_days.get(stamps_for_draw__isnull=True)
    client.force_login(staff)
    page = client.get(f"/admin/openfactory/areaday/{big.pk}/change/").content.decode()
    assert 'name="stamps_for_draw"' in page and "工場の少ない小さなエリア" in page
    # Area days are edited inline on the edition too.
    edition_page = client.get(f"{ADMIN_EDITIONS}{days_edition.pk}/change/").content.decode()
    assert 'name="area_days-0-stamps_for_draw"' in edition_page
    from tests.html_forms import the_form

    path = f"/admin/openfactory/areaday/{big.pk}/change/"
    data = the_form(page, path).data()
    data["stamps_for_draw"] = "0"
    refused = client.post(path, data)
    assert refused.status_code == 200 and 'class="errorlist' in refused.content.decode()
    data["stamps_for_draw"] = "3"
    assert client.post(path, data).status_code == 302
    big.refresh_from_db()
    assert big.stamps_for_draw == 3
    entrant = pass_stamped(days_edition, big=3)
    assert services.prize_draw_entrants(days_edition) == [entrant.pk]
    page = client.post(ADMIN_EDITIONS, action_data(days_edition)).content.decode()
    assert "来場パス1件" in page and f"{big}（開催日ID {big.pk}）の工場でスタンプ3個以上" in page


# --- The admin: city staff only -----------------------------------------------------------


def action_data(edition, **more):
    return {"action": "draw_prizes", "_selected_action": [str(edition.pk)], "index": "0", **more}


def test_city_staff_draw_in_the_admin_and_it_is_in_the_history(client, edition, staff):
    passes_with(edition, 2, 3, 2, 1)
    client.force_login(staff)
    page = client.post(ADMIN_EDITIONS, action_data(edition))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="prizes"' in html
    assert f'name="_selected_action" value="{edition.pk}"' in html
    assert "来場パス3件" in html and not PrizeDraw.objects.exists()  # asked first, nothing drawn
    response = client.post(
        ADMIN_EDITIONS,
        action_data(
            edition,
            apply="1",
            prizes="2",
            instructions="１２月１日まで市役所でお受け取りください。",
            instructions_en="Collect it at the city hall by 1 December.",
        ),
    )
    draw = PrizeDraw.objects.get(edition=edition)
    assert response.status_code == 302 and response.url.endswith(f"/prizedraw/{draw.pk}/change/")
    assert (draw.prizes, draw.entrants, draw.drawn_by) == (2, 3, staff)
    assert draw.winners.count() == 2
    assert draw.instructions == "12月1日まで市役所でお受け取りください。"  # normalised
    logged = LogEntry.objects.filter(user=staff)
    assert {entry.object_id for entry in logged} == {str(draw.pk), str(edition.pk)}
    assert all(str(draw.seed) in entry.change_message for entry in logged)
    # Its page shows the result, read-only.
    shown = client.get(f"/admin/openfactory/prizedraw/{draw.pk}/change/").content.decode()
    assert str(draw.seed) in shown
    assert client.get("/admin/openfactory/prizedraw/add/").status_code == 403
    assert client.post(f"/admin/openfactory/prizedraw/{draw.pk}/delete/").status_code == 403


def test_the_admin_says_why_it_refuses(client, edition, staff):
    passes_with(edition, 2)
    AreaDayFactory(edition=edition, date=timezone.localdate() + dt.timedelta(days=3))
    client.force_login(staff)
    response = client.post(ADMIN_EDITIONS, action_data(edition, apply="1", prizes="1"), follow=True)
    assert "最終開催日" in response.content.decode()
    assert not PrizeDraw.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"prizes": ""},
        {"prizes": "0"},
        {"prizes": "-1"},
        {"prizes": "abc"},
        {"prizes": "1001"},
        {"prizes": "9" * 400},
        {"prizes": "1\x00"},
        {"prizes": "1 OR 1=1"},
        {"prizes": "1", "instructions": "受け取り\x00"},
        {"prizes": "1", "instructions": "あ" * 100_000},
    ],
)
def test_bad_input_on_the_draw_page_is_shown_again_and_draws_nothing(
    client, edition, staff, values
):
    """The admin's pages are not attacked by tests/site/test_hostile_input.py: this page's
    form is attacked here."""
    passes_with(edition, 2)
    client.force_login(staff)
    body = form_body({"csrfmiddlewaretoken": "x", **action_data(edition, apply="1", **values)})
    response = client.post(ADMIN_EDITIONS, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert not PrizeDraw.objects.exists() and not LogEntry.objects.exists()


def test_broken_utf_8_in_what_winners_do_is_stored_replaced_never_a_500(client, edition, staff):
    passes_with(edition, 2)
    client.force_login(staff)
    values = action_data(edition, apply="1", prizes="1", instructions_en="Hall \ud800")
    body = form_body({"csrfmiddlewaretoken": "x", **values})
    response = client.post(ADMIN_EDITIONS, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    stored = PrizeDraw.objects.get().instructions_en
    assert stored.startswith("Hall \ufffd") and set(stored[5:]) == {"\ufffd"}


@pytest.mark.parametrize("role", ["anonymous", "visitor", "owner", "editor", "member"])
def test_no_one_but_city_staff_reaches_the_draw(client, edition, role, user_for_role):
    passes_with(edition, 2, 2)
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)
    response = client.post(ADMIN_EDITIONS, action_data(edition, apply="1", prizes="1"))
    assert response.status_code == 302 and "/login/" in response.url
    assert not PrizeDraw.objects.exists() and not LogEntry.objects.exists()


def test_staff_without_the_city_staff_role_are_not_offered_the_draw(client, edition, db):
    from django.contrib.auth.models import Permission

    from tests.accounts.factories import UserFactory

    passes_with(edition, 2, 2)
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_edition"))
    client.force_login(user)
    client.post(ADMIN_EDITIONS, action_data(edition, apply="1", prizes="1"))
    assert not PrizeDraw.objects.exists()


# --- The pass page --------------------------------------------------------------------------


def test_the_pass_page_tells_winners_losers_and_nobody_else(client, edition, staff):
    winner, loser, below = passes_with(edition, 3, 2, 1)
    before = client.get(loser.get_absolute_url()).content.decode()
    assert "抽選に外れました" not in before and "抽選の対象" in before
    draw = services.prize_draw(
        edition=edition,
        prizes=1,
        by=staff,
        seed=next(
            s for s in range(1000) if prize_draw_order([winner.pk, loser.pk], s)[0] == winner.pk
        ),
        instructions="市役所2階でお受け取りください。",
    )
    assert winners_of(draw) == [winner.pk]
    won = client.get(winner.get_absolute_url()).content.decode()
    assert "当選しました" in won and "市役所2階でお受け取りください。" in won
    assert winner.code in won and "抽選に外れました" not in won
    lost = client.get(loser.get_absolute_url()).content.decode()
    assert "抽選に外れました" in lost and "当選しました" not in lost
    nothing = client.get(below.get_absolute_url()).content.decode()
    assert "当選" not in nothing and "抽選に外れました" not in nothing
    assert "抽選の対象" not in nothing


def day_line(area_day, have, need):
    return f"{area_day.area.display_name}({area_day.date:%-m/%-d})：{need}個中{have}個"


def test_the_pass_page_shows_the_progress_on_each_area_day_with_its_own_number(
    client, days_edition, staff
):
    small, middle, big = days_edition.area_days.order_by("date")
    visitor_pass = pass_stamped(days_edition, middle=1)
    VisitFactory(visitor_pass=visitor_pass, exhibitor=days_edition.days["small"][0])
    VisitFactory(visitor_pass=visitor_pass, exhibitor=days_edition.days["big"][0])
    page = client.get(visitor_pass.get_absolute_url()).content.decode()
    assert "抽選まで：4個中1個" in page
    # The days it visited or was stamped at that have their own number, by date; not the
    # big day (no number of its own).
    assert day_line(small, 0, 2) in page and day_line(middle, 1, 3) in page
    assert page.index(day_line(small, 0, 2)) < page.index(day_line(middle, 1, 3))
    assert big.area.display_name + "(" not in page
    assert "抽選の対象です" not in page
    # Two stamps on the small day: in the draw, short of the edition's four.
    for exhibitor in days_edition.days["small"]:
        stamp(visitor_pass, exhibitor)
    page = client.get(visitor_pass.get_absolute_url()).content.decode()
    assert "抽選まで：4個中3個" in page and day_line(small, 2, 2) in page
    assert "抽選の対象です" in page
    # In English.
    client.cookies["django_language"] = "en"
    english = client.get(visitor_pass.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = english.content.decode()
    assert "3 of 4 stamps for the prize draw" in html
    assert f"{small.area.display_name} ({small.date:%-m/%-d}): 2 of 2 stamps" in html
    assert "Or enough stamps at the factories of one area day" in html
    # Drawn, and not won: it was an entrant, and is told so.
    client.cookies["django_language"] = "ja"
    winner = pass_stamped(days_edition, big=4)
    seed = next(
        s for s in range(1000) if prize_draw_order([winner.pk, visitor_pass.pk], s)[0] == winner.pk
    )
    draw = services.prize_draw(edition=days_edition, prizes=1, by=staff, seed=seed)
    assert draw.day_stamps_needed == {str(small.pk): 2, str(middle.pk): 3}
    assert "抽選に外れました" in client.get(visitor_pass.get_absolute_url()).content.decode()
    # Staff change the days' numbers after the draw: the pass was an entrant all the same,
    # and a pass that was not one does not become one.
    short = pass_stamped(days_edition, small=1)
    days_edition.area_days.update(stamps_for_draw=1)
    assert "抽選に外れました" in client.get(visitor_pass.get_absolute_url()).content.decode()
    assert "抽選に外れました" not in client.get(short.get_absolute_url()).content.decode()
    days_edition.area_days.update(stamps_for_draw=None)
    assert "抽選に外れました" in client.get(visitor_pass.get_absolute_url()).content.decode()


def test_the_pass_page_of_an_edition_with_only_area_days_numbers(client, days_edition):
    days_edition.stamps_for_draw = None
    days_edition.save()
    small = days_edition.area_days.order_by("date").first()
    visitor_pass = pass_stamped(days_edition, small=1, big=3)
    page = client.get(visitor_pass.get_absolute_url()).content.decode()
    assert "抽選まで" not in page and day_line(small, 1, 2) in page
    assert "その日の工場で集めたスタンプで抽選の対象" in page
    assert "抽選の対象です" not in page
    # A pass that has been to no area day with its own number reads no count at all.
    elsewhere = pass_stamped(days_edition, big=1)
    page = client.get(elsewhere.get_absolute_url()).content.decode()
    assert "個中" not in page and "抽選の対象" not in page


# --- At once -------------------------------------------------------------------------------


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_city_staff_drawing_at_the_same_moment_draw_once(role_groups):
    """Two secretariat members pressing "Draw" together: one draw, the other told so."""
    from django.db import connection

    from tests.accounts.factories import UserFactory
    from tests.openfactory.test_concurrency import run_concurrently

    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    edition = EditionFactory(stamps_for_draw=1)
    edition.factories = [
        ExhibitorFactory(area_day=AreaDayFactory(edition=edition, date=dt.date(2024, 11, 3)))
    ]
    passes_with(edition, 1, 1, 1, 1, 1)
    users = [UserFactory(is_staff=True) for _ in range(6)]
    results = run_concurrently(
        lambda i: services.prize_draw(edition=edition, prizes=2, by=users[i]), len(users)
    )
    drawn = [r for r in results if isinstance(r, PrizeDraw)]
    refused = [r for r in results if isinstance(r, PrizeDrawError)]
    assert len(drawn) == 1 and len(refused) == len(users) - 1, results
    assert {r.code for r in refused} == {"already"}
    assert PrizeDraw.objects.count() == 1 and PrizeWinner.objects.count() == 2
    assert LogEntry.objects.count() == 2  # the draw's and its edition's, once


def test_a_winner_reads_what_to_do_in_english_and_the_page_queries_stay_constant(
    client, edition, staff, django_assert_max_num_queries
):
    (winner,) = passes_with(edition, 3)
    services.prize_draw(
        edition=edition,
        prizes=1,
        by=staff,
        instructions="市役所2階でお受け取りください。",
        instructions_en="Collect it on the 2nd floor of the city hall.",
    )
    client.cookies["django_language"] = "en"
    html = client.get(winner.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "you won a prize" in html and "2nd floor of the city hall" in html
    assert "市役所2階" not in html
    # More passes, stamps and winners change nothing in the page's queries.
    client.cookies["django_language"] = "ja"
    with django_assert_max_num_queries(12) as few:
        client.get(winner.get_absolute_url())
    more = EditionFactory(stamps_for_draw=1)
    more.factories = [
        ExhibitorFactory(area_day=AreaDayFactory(edition=more, date=dt.date(2024, 11, 3)))
        for _ in range(3)
    ]
    passes_with(more, 1, 2, 3, 3)
    services.prize_draw(edition=more, prizes=3, by=staff)
    (other,) = passes_with(edition, 3)
    Stamp.objects.filter(visitor_pass=other).delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(winner.get_absolute_url())


def test_a_winning_pass_is_not_deleted_alone_but_goes_with_its_edition(client, edition, staff):
    from django.db.models import RestrictedError

    (winner,) = passes_with(edition, 2)
    services.prize_draw(edition=edition, prizes=1, by=staff)
    with pytest.raises(RestrictedError):
        winner.delete()
    client.force_login(staff)
    page = client.post(f"/admin/openfactory/visitorpass/{winner.pk}/delete/", {"post": "yes"})
    assert page.status_code == 200 and PrizeWinner.objects.filter(visitor_pass=winner).exists()
    edition.delete()
    assert not PrizeDraw.objects.exists() and not PrizeWinner.objects.exists()
