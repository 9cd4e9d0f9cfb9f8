"""Survey results per area day and per edition, last edition beside each figure, the charts,
and the ready-made questions a new survey starts with."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openfactory.models import ReceptionCount, Reservation, Survey
from openfactory.surveys import selectors, services
from tests.openfactory.factories import (
    AreaDayFactory,
    AreaFactory,
    EditionFactory,
    ExhibitorFactory,
    ReservationFactory,
    SlotFactory,
)
from tests.openfactory.survey_factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def rate(survey, stars, **where):
    """One response with its satisfaction, by a reservation or at a venue's poster."""
    rating = survey.questions.get(kind="rating")
    return services.response_submit(
        survey=survey,
        answers={rating.pk: {"number": stars}},
        **where,
    )


def attended(exhibitor, *, adults=2, children=0):
    return ReservationFactory(
        slot=SlotFactory(programme__exhibitor=exhibitor),
        status=Reservation.Status.ATTENDED,
        checked_in_at=timezone.now(),
        adults=adults,
        children=children,
    )


@pytest.fixture
def edition_wide():
    """An edition of two areas' days and one visitors' survey about every day of it."""
    edition = EditionFactory(year=2081, number=81)
    north = AreaDayFactory(edition=edition, area=AreaFactory(name="北部", slug="north"))
    south = AreaDayFactory(
        edition=edition,
        area=AreaFactory(name="南部", slug="south"),
        date=north.date + dt.timedelta(days=7),
    )
    survey = SurveyFactory(edition=edition, area_day=None)
    QuestionFactory(survey=survey, order=1, kind="rating", text="満足度")
    survey.north, survey.south = north, south
    survey.north_venue = ExhibitorFactory(area_day=north)
    survey.south_venue = ExhibitorFactory(area_day=south)
    return survey


def test_each_answer_counts_for_the_day_it_is_about(edition_wide):
    survey = edition_wide
    # North: two reservations checked in (2 + 3 people), one answers by its mailed link (5);
    # a walk-in answers at the north venue's poster (3); 4 walk-ins counted at reception.
    came = attended(survey.north_venue, adults=2)
    attended(survey.north_venue, adults=2, children=1)
    ReceptionCount.objects.create(programme=came.slot.programme, date=survey.north.date, walk_ins=4)
    rate(survey, 5, reservation=came)
    rate(survey, 3, browser_key="n1", venue=survey.north_venue)
    # South: one walk-in at the south venue's poster (1).
    rate(survey, 1, browser_key="s1", venue=survey.south_venue)
    # A poster without a venue: the day is not known.
    rate(survey, 4, browser_key="x1")

    rows = selectors.survey_day_rows(survey)
    by_day = {row["day"]: row for row in rows["days"]}
    north, south = by_day[survey.north], by_day[survey.south]
    assert (north["responses"], north["by_link"], north["checked_in"]) == (2, 1, 2)
    assert north["visitors"] == 2 + 3 + 4
    assert north["rate_checked_in"] == 50.0
    assert north["rate_visitors"] == round(100 * 2 / 9, 1)
    assert north["mean"] == 4.0
    assert (south["responses"], south["mean"], south["visitors"]) == (1, 1.0, 0)
    assert rows["unknown"]["responses"] == 1
    assert rows["total"]["responses"] == 4
    assert rows["total"]["mean"] == pytest.approx((5 + 3 + 1 + 4) / 4)


def test_the_results_page_narrows_to_one_area_day(client, staff, edition_wide):
    survey = edition_wide
    rate(survey, 5, browser_key="n1", venue=survey.north_venue)
    rate(survey, 5, browser_key="n2", venue=survey.north_venue)
    rate(survey, 2, browser_key="s1", venue=survey.south_venue)
    client.force_login(staff)
    url = reverse("openfactory:surveys:results", kwargs={"pk": survey.pk})

    whole = client.get(url).content.decode()
    assert 'data-figure="responses">3<' in whole
    assert 'id="days-title"' in whole and 'data-day="total"' in whole

    north = client.get(url, {"day": survey.north.pk}).content.decode()
    assert 'data-figure="responses">2<' in north
    assert 'data-figure="mean">5.00<' in north
    assert "北部" in north and 'id="days-title"' not in north

    report = client.get(
        reverse("openfactory:surveys:report", kwargs={"pk": survey.pk}), {"day": survey.south.pk}
    ).content.decode()
    assert 'data-figure="responses">1<' in report
    assert 'data-figure="mean">2.00<' in report


@pytest.mark.parametrize("day", ["abc", "999999", "-1", "1e9", "\x00"])
def test_a_day_that_is_not_the_surveys_shows_every_day(client, staff, edition_wide, day):
    rate(edition_wide, 4, browser_key="n1", venue=edition_wide.north_venue)
    rate(edition_wide, 2, browser_key="s1", venue=edition_wide.south_venue)
    client.force_login(staff)
    for name in ("results", "report"):
        page = client.get(
            reverse(f"openfactory:surveys:{name}", kwargs={"pk": edition_wide.pk}), {"day": day}
        )
        assert page.status_code == 200
        assert 'data-figure="responses">2<' in page.content.decode()


def test_another_editions_day_is_not_a_filter(client, staff, edition_wide):
    other_day = AreaDayFactory()
    rate(edition_wide, 4, browser_key="n1", venue=edition_wide.north_venue)
    client.force_login(staff)
    url = reverse("openfactory:surveys:results", kwargs={"pk": edition_wide.pk})
    assert 'data-figure="responses">1<' in client.get(url, {"day": other_day.pk}).content.decode()


@pytest.fixture
def two_editions():
    """Last edition and this one, each with a survey per area day of the same two areas."""
    north, south = AreaFactory(name="北部", slug="north"), AreaFactory(name="南部", slug="south")
    made = {}
    for year in (2082, 2083):
        edition = EditionFactory(year=year, number=year - 2000)
        for area in (north, south):
            day = AreaDayFactory(edition=edition, area=area)
            survey = SurveyFactory(edition=edition, area_day=day, title=f"{area.name}{year}")
            QuestionFactory(survey=survey, order=1, kind="rating", text="満足度")
            made[(year, area.slug)] = survey
        made[year] = edition
    return made


def test_the_edition_page_takes_the_days_surveys_together(client, staff, two_editions):
    s = two_editions
    for i, stars in enumerate([5, 4]):
        rate(s[(2083, "north")], stars, browser_key=f"n{i}")
    rate(s[(2083, "south")], 1, browser_key="s0")
    rate(s[(2082, "north")], 2, browser_key="old-n0")
    exhibitors = SurveyFactory(
        edition=s[2083], area_day=None, audience=Survey.Audience.EXHIBITORS, title="出展者"
    )

    results = selectors.edition_results(s[2083])
    by_area = {row["day"].area.slug: row for row in results["days"]}
    assert by_area["north"]["responses"] == 2 and by_area["north"]["mean"] == 4.5
    assert by_area["north"]["previous"]["mean"] == 2.0
    assert by_area["south"]["previous"]["responses"] == 0
    assert results["total"]["responses"] == 3
    assert results["total"]["mean"] == pytest.approx(10 / 3)
    assert results["total"]["previous"]["responses"] == 1

    client.force_login(staff)
    page = client.get(
        reverse("openfactory:surveys:edition_results", kwargs={"edition": s[2083].pk})
    )
    html = page.content.decode()
    assert page.status_code == 200
    total = re.search(r'<tr data-day="total">(.*?)</tr>', html, re.S).group(1)
    assert 'data-figure="responses">3<' in total and 'data-figure="mean">3.33<' in total
    assert 'data-figure="previous-mean">2.00<' in total
    # Every survey of the edition is listed with its answers, the exhibitors' too.
    assert exhibitors.title in html and s[(2083, "south")].title in html


def test_the_edition_page_runs_the_same_queries_whatever_the_answers(client, staff, two_editions):
    s = two_editions
    url = reverse("openfactory:surveys:edition_results", kwargs={"edition": s[2083].pk})
    client.force_login(staff)
    rate(s[(2083, "north")], 3, browser_key="a")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(30):
        rate(s[(2083, "south")], 1 + i % 5, browser_key=f"b{i}")
        rate(s[(2082, "north")], 1 + i % 5, browser_key=f"c{i}")
    AreaDayFactory(edition=s[2083])
    SurveyFactory(edition=s[2083], area_day=None)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # Session, user, groups with memberships (one query); the edition with the one before,
    # their area days with their counts, responses and satisfaction grouped, the edition's
    # surveys.
    assert len(few) == 7, [q["sql"] for q in few.captured_queries]
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("visitor", 403),
        ("editor", 403),
        ("owner", 403),
        ("member", 403),
        ("staff", 200),
        ("superuser", 200),
    ],
)
def test_only_city_staff_see_an_editions_results(client_for_role, two_editions, role, expected):
    url = reverse("openfactory:surveys:edition_results", kwargs={"edition": two_editions[2083].pk})
    assert client_for_role(role).get(url).status_code == expected


def test_an_edition_that_does_not_exist_is_a_404(client, staff):
    client.force_login(staff)
    url = reverse("openfactory:surveys:edition_results", kwargs={"edition": 987654})
    assert client.get(url).status_code == 404


def test_the_results_page_charts_each_figure_with_last_edition_beside(client, staff, two_editions):
    s = two_editions
    this, last = s[(2083, "north")], s[(2082, "north")]
    for i, stars in enumerate([5, 5, 4, 1]):
        rate(this, stars, browser_key=f"t{i}")
    for i, stars in enumerate([3, 3]):
        rate(last, stars, browser_key=f"l{i}")
    client.force_login(staff)
    html = client.get(
        reverse("openfactory:surveys:results", kwargs={"pk": this.pk})
    ).content.decode()
    figure = re.search(r'<section class="survey-figure.*?</section>', html, re.S).group(0)
    svg = re.search(r"<svg.*?</svg>", figure, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    # Ratings 5 to 1, each a band of 24 px: this edition's bar, then last edition's under it
    # (13 px + 1 lower); a share of 100 % is 200 px wide.
    rects = re.findall(r'<rect x="0" y="(\d+)" width="([\d.]+)" height="(\d+)"', svg)
    this_shares = [50, 25, 0, 0, 25]  # 5★ 5★ 4★ 1★ of 4
    last_shares = [0, 0, 100, 0, 0]  # 3★ 3★ of 2
    expected = []
    for band, (now, before) in enumerate(zip(this_shares, last_shares, strict=True)):
        expected.append((str(band * 24), f"{2 * now:.1f}", "13"))
        expected.append((str(band * 24 + 14), f"{2 * before:.1f}", "6"))
    assert rects == expected
    # The table beside holds the same numbers, this edition and last.
    assert re.findall(r"data-count>(\d+)<", figure) == ["2", "1", "0", "0", "1"]
    assert re.findall(r"data-previous-count>(\d+)<", figure) == ["0", "0", "2", "0", "0"]
    assert 'data-figure="previous-mean">3.00<' in figure
    assert "2082" in figure and "2083" in figure


# --- Ready-made questions ----------------------------------------------------------------------


def _add_survey(client, edition, audience, *, ready_made=True, question=None):
    data = {
        "edition": str(edition.pk),
        "area_day": "",
        "audience": audience,
        "title": "アンケート",
        "title_en": "",
        "intro": "",
        "intro_en": "",
        "status": "draft",
        "questions-TOTAL_FORMS": "1" if question else "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    if ready_made:
        data["ready_made"] = "on"
    if question:
        data.update({f"questions-0-{k}": v for k, v in question.items()})
    return client.post(reverse("admin:openfactory_survey_add"), data)


@pytest.mark.parametrize(
    ("audience", "first", "count"),
    [("visitors", "満足度", 5), ("exhibitors", "来場者数の実感(人)", 5)],
)
def test_a_new_survey_starts_with_its_audiences_ready_made_questions(
    client, staff, audience, first, count
):
    edition = EditionFactory()
    client.force_login(staff)
    response = _add_survey(client, edition, audience)
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get(edition=edition)
    questions = list(survey.questions.order_by("order"))
    assert len(questions) == count and questions[0].text == first
    if audience == "exhibitors":
        again = questions[2]
        assert again.kind == "single" and again.required
        assert [c.value for c in again.choices.order_by("order")] == ["yes", "undecided", "no"]
    else:
        assert questions[1].choices.count() > 0  # how they heard of it: the usual channels


def test_no_ready_made_questions_when_unticked_or_when_questions_are_given(client, staff):
    edition = EditionFactory()
    client.force_login(staff)
    assert _add_survey(client, edition, "visitors", ready_made=False).status_code == 302
    assert not Survey.objects.get(edition=edition).questions.exists()
    other = EditionFactory()
    question = {"order": "1", "kind": "text", "text": "自由記述", "text_en": ""}
    assert _add_survey(client, other, "exhibitors", question=question).status_code == 302
    assert [q.text for q in Survey.objects.get(edition=other).questions.all()] == ["自由記述"]
