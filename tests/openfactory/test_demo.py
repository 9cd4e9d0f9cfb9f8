import datetime as dt

import pytest
from django.core.management import call_command

from openfactory import demo
from openfactory.models import Area, AreaDay, Edition, Exhibitor, Programme, Slot

pytestmark = pytest.mark.django_db


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Area, Edition, AreaDay, Exhibitor, Programme, Slot)
    ]


def test_load_demo_makes_the_four_areas_the_2022_figure_and_an_upcoming_edition(capsys):
    call_command("load_demo")
    assert list(Area.objects.values_list("name", flat=True)) == [
        "吉岡",
        "早川・さがみ野・小園",
        "上土棚・与蔵山下",
        "綾瀬工業団地",
    ]
    yoshioka_2022 = AreaDay.objects.get(edition__year=2022, area__slug="yoshioka")
    assert (yoshioka_2022.area.name, yoshioka_2022.date) == ("吉岡", dt.date(2022, 9, 3))
    assert yoshioka_2022.visitors_recorded == 450
    # The latest demo edition is the coming one (the one before it holds the demo passes).
    upcoming = Edition.objects.filter(is_demo=True).latest("year")
    assert upcoming.number == 4 + upcoming.year - 2022  # after 第4回 (2022) and 第5回 (2023)
    assert upcoming.is_open and upcoming.area_days.count() == 4
    # one factory per area, and the joint booths that give the routes several stops
    assert Exhibitor.objects.filter(area_day__edition=upcoming).count() == 4 + len(
        demo.DEMO_GUEST_BOOTHS
    )
    assert Programme.objects.filter(is_demo=False).count() == 0
    assert Slot.objects.filter(programme__allocation="lottery").exists()
    assert "open factory demo edition" in capsys.readouterr().out


def test_a_second_run_changes_nothing():
    call_command("load_demo")
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before


def test_the_upcoming_days_are_saturdays_weeks_ahead():
    days = demo._saturdays_ahead(dt.date(2026, 11, 25), 4)
    assert [d.weekday() for d in days] == [5, 5, 5, 5]
    assert days[0] >= dt.date(2026, 12, 16)


@pytest.mark.parametrize(
    ("year", "number", "figures", "visitors", "companies"),
    [
        (2022, 4, {"吉岡": (450, 13), "綾瀬工業団地": (620, 12)}, 1720, 41),
        (2023, 5, {"吉岡": (1100, 20), "早川・さがみ野・小園": (750, 14)}, 3990, 59),
    ],
)
def test_the_past_editions_carry_the_committees_published_figures(
    year, number, figures, visitors, companies
):
    call_command("load_demo")
    edition = Edition.objects.get(year=year)
    assert edition.number == number and not edition.is_demo
    days = {d.area.name: d for d in edition.area_days.select_related("area")}
    assert len(days) == 4
    for area, (people, firms) in figures.items():
        assert (days[area].visitors_recorded, days[area].exhibitors_recorded) == (people, firms)
    assert sum(d.visitors_recorded for d in days.values()) == visitors
    assert sum(d.exhibitors_recorded for d in days.values()) == companies


def test_the_statistics_page_reproduces_the_committees_report(client):
    """1,100人 (前回 450人) for 吉岡 in 2023, as the committee reported it."""
    import re

    call_command("load_demo")
    html = client.get("/openfactory/2023/statistics/").content.decode()
    row = re.search(r"<tr[^>]*>\s*<th[^>]*>吉岡.*?</tr>", html, re.S).group(0)
    assert "1,100" in row and "450" in row
    assert "3,990" in html and "1,720" in html


def test_every_demo_programme_page_opens_its_factory_on_a_map(client):
    """Each demo exhibitor has a position (marked as the demo's), so its programme pages link
    to that point on the map rather than to a search for the address."""
    call_command("load_demo")
    programmes = Programme.objects.filter(exhibitor__area_day__edition__is_demo=True)
    assert programmes.exists()
    for programme in programmes.select_related("exhibitor__company"):
        company = programme.exhibitor.company
        assert company.latitude is not None and "デモ" in company.address
        page = client.get(programme.get_absolute_url()).content.decode()
        assert f"mlat={company.latitude:.6f}" in page, programme
        assert company.address in page


def test_the_demo_has_a_past_day_of_visitor_passes_whose_flows_the_dashboard_shows(client, staff):
    from openfactory.models import Visit, VisitorPass
    from openfactory.pass_stats import edition_pass_figures

    call_command("load_demo")
    coming = Edition.objects.filter(is_demo=True).latest("year")
    past = Edition.objects.get(is_demo=True, year=coming.year - 1)
    area_day = past.area_days.get()
    assert area_day.date < coming.area_days.order_by("date").first().date
    assert VisitorPass.objects.filter(edition=past, is_demo=True).count() == 120
    assert not VisitorPass.objects.filter(is_demo=False).exists()
    visits = Visit.objects.filter(exhibitor__area_day=area_day)
    assert visits.count() > 120  # parties visit more than one factory
    figures = edition_pass_figures(past)
    assert figures.total.parties == 120 and figures.total.flows
    client.force_login(staff)
    page = client.get("/openfactory/statistics/").content.decode()
    top = figures.total.flows[0]
    assert f"{top.source.company.name} → {top.target.company.name}" in page
    # A second run finds them and makes no more.
    call_command("load_demo")
    assert VisitorPass.objects.count() == 120 and visits.count() == len(list(Visit.objects.all()))


def test_the_coming_demo_edition_has_a_quiz_at_each_factory_and_a_draw_threshold():
    from openfactory.models import ExhibitorQuiz

    call_command("load_demo")
    coming = Edition.objects.filter(is_demo=True).latest("year")
    assert coming.stamps_for_draw == demo.demo_passes.STAMPS_FOR_DRAW
    factories = Exhibitor.objects.filter(area_day__edition=coming)
    quizzes = ExhibitorQuiz.objects.filter(exhibitor__area_day__edition=coming)
    assert quizzes.count() == factories.count()
    for quiz in quizzes:
        assert len(quiz.choice_list) >= 2 and 1 <= quiz.answer <= len(quiz.choice_list)
    call_command("load_demo")
    assert quizzes.count() == factories.count()


def test_the_demo_past_day_has_stamps_where_parties_went_and_its_reports_show_them(client, staff):
    from django.db.models import Count

    from openfactory.models import PrizeDraw, QuizAnswer, Stamp, Visit

    call_command("load_demo")
    coming = Edition.objects.filter(is_demo=True).latest("year")
    past_day = Edition.objects.get(is_demo=True, year=coming.year - 1).area_days.get()
    stamps = Stamp.objects.filter(exhibitor__area_day=past_day)
    visited = set(
        Visit.objects.filter(exhibitor__area_day=past_day).values_list(
            "visitor_pass_id", "exhibitor_id"
        )
    )
    assert 0 < stamps.count() < len(visited)
    assert set(stamps.values_list("visitor_pass_id", "exhibitor_id")) <= visited
    stamped = stamps.values("exhibitor").order_by("exhibitor").first()["exhibitor"]
    client.force_login(staff)
    page = client.get(f"/openfactory/manage/{stamped}/report/").content.decode()
    count = stamps.filter(exhibitor=stamped).count()
    assert f'data-figure="stamps">{count}<' in page
    # Every stamp came from a right answer; some parties answered wrongly first.
    answers = QuizAnswer.objects.filter(exhibitor__area_day=past_day)
    assert answers.filter(correct=True).count() == stamps.count()
    assert answers.filter(correct=False).exists()
    tried = answers.filter(exhibitor=stamped)
    assert f'data-figure="quiz_answers">{tried.count()}<' in page
    # The edition's prize draw: among the passes with enough stamps, recorded with its seed.
    draw = PrizeDraw.objects.get(edition=past_day.edition)
    entrants = {
        pk
        for pk, n in stamps.values_list("visitor_pass").annotate(n=Count("pk"))
        if n >= draw.stamps_needed
    }
    assert draw.entrants == len(entrants) and draw.winners.count() == min(10, len(entrants))
    assert set(draw.winners.values_list("visitor_pass", flat=True)) <= entrants
    winner = draw.winners.first().visitor_pass
    assert "当選" in client.get(winner.get_absolute_url()).content.decode()
