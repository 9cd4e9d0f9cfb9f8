"""City staff read a survey's results: figures equal the stored answers, in constant queries."""

import csv
import io
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openfactory.models import Answer, Reservation
from openfactory.surveys import selectors, services
from tests.openfactory.factories import (
    EditionFactory,
    ExhibitorFactory,
    ReservationFactory,
    SlotFactory,
)
from tests.openfactory.survey_factories import full_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = full_survey()
    survey.venues = [ExhibitorFactory(area_day=survey.area_day) for _ in range(3)]
    return survey


def answer_randomly(survey, count, seed=1):
    rng = random.Random(seed)
    q = survey.q
    multiple = list(q["multiple"].choices.all())
    residence = list(q["residence"].choices.all())
    for i in range(count):
        rating = rng.randint(1, 5)
        answers = {
            q["rating"].pk: {"number": rating},
            q["residence"].pk: {"choice": rng.choice(residence)},
            q["multiple"].pk: {"choices": rng.sample(multiple, rng.randint(0, 2))},
            q["exhibitor"].pk: {"exhibitor": rng.choice(survey.venues)},
            q["text"].pk: {"text": f"感想{i}"},
        }
        if rng.random() < 0.3:
            answers[q["multiple"].pk]["other_text"] = "お土産"
        if rating == 1:
            answers[q["why_low"].pk] = {"text": "暑かった"}
        services.response_submit(survey=survey, answers=answers, browser_key=f"r{seed}-{i}")


def results_url(survey):
    return reverse("openfactory:surveys:results", kwargs={"pk": survey.pk})


def test_the_figures_equal_the_stored_answers(survey):
    answer_randomly(survey, 40)
    q = survey.q
    # Computed independently, from the rows themselves.
    ratings = [a.number for a in Answer.objects.filter(question=q["rating"])]
    residence = Counter(a.choice.value for a in Answer.objects.filter(question=q["residence"]))
    multiple = Counter(
        c.value for a in Answer.objects.filter(question=q["multiple"]) for c in a.choices.all()
    )
    others = Answer.objects.filter(question=q["multiple"]).exclude(other_text="").count()
    votes = Counter(a.exhibitor_id for a in Answer.objects.filter(question=q["exhibitor"]))

    results = selectors.survey_results(survey)
    figures = {f["question"].pk: f for f in results["figures"]}
    assert results["responses"] == 40
    rating = figures[q["rating"].pk]
    assert rating["answered"] == 40
    assert rating["mean"] == pytest.approx(sum(ratings) / len(ratings))
    assert {int(r["label"]): r["count"] for r in rating["rows"]} == {
        i: ratings.count(i) for i in range(1, 6)
    }
    assert {r["value"]: r["count"] for r in figures[q["residence"].pk]["rows"]} == {
        c.value: residence.get(c.value, 0) for c in q["residence"].choices.all()
    }
    rows = {r["value"]: r["count"] for r in figures[q["multiple"].pk]["rows"]}
    assert rows.pop("other") == others
    assert rows == {c.value: multiple.get(c.value, 0) for c in q["multiple"].choices.all()}
    ranking = [r["count"] for r in figures[q["exhibitor"].pk]["rows"]]
    assert ranking == sorted(votes.values(), reverse=True)
    assert figures[q["exhibitor"].pk]["rows"][0]["rank"] == 1


def test_response_rates(survey):
    venue = survey.venues[0]
    slot = SlotFactory(programme__exhibitor=venue, seats=20)
    came = [
        ReservationFactory(
            slot=slot,
            status=Reservation.Status.ATTENDED,
            checked_in_at=timezone.now(),
            adults=2,
            children=1,
        )
        for _ in range(4)
    ]
    ReservationFactory(slot=slot, status=Reservation.Status.NO_SHOW)
    from openfactory.models import ReceptionCount

    ReceptionCount.objects.create(programme=slot.programme, date=survey.area_day.date, walk_ins=8)
    services.response_submit(
        survey=survey, answers={survey.q["rating"].pk: {"number": 4}}, reservation=came[0]
    )
    services.response_submit(
        survey=survey, answers={survey.q["rating"].pk: {"number": 2}}, browser_key="walk-in"
    )
    results = selectors.survey_results(survey)
    assert results["checked_in"] == 4
    assert results["rate_checked_in"] == 25.0  # 1 mailed-link response of 4 checked in
    assert results["visitors"] == 4 * 3 + 8
    assert results["rate_visitors"] == 10.0  # 2 responses of 20 people


def test_the_results_page_runs_the_same_queries_whatever_the_answers(client, staff, survey):
    client.force_login(staff)
    answer_randomly(survey, 3, seed=1)
    client.get(results_url(survey))
    with CaptureQueriesContext(connection) as few:
        assert client.get(results_url(survey)).status_code == 200
    answer_randomly(survey, 60, seed=2)
    with CaptureQueriesContext(connection) as many:
        page = client.get(results_url(survey))
    assert page.status_code == 200
    # Session, user, the user's groups and memberships (one query); the survey with its
    # questions and choices, the area days with their counts, every count grouped, the page of
    # comments.
    assert len(few) == 7, [q["sql"] for q in few.captured_queries]
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert 'data-figure="responses">63<' in page.content.decode()


def test_hiding_a_comment(client, staff, survey):
    answer_randomly(survey, 2)
    comment = Answer.objects.filter(question=survey.q["text"]).first()
    client.force_login(staff)
    url = reverse("openfactory:surveys:answer_hide", kwargs={"pk": comment.pk})
    assert client.post(url, {"hidden": "on"}).status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_by_staff
    page = client.get(results_url(survey)).content.decode()
    assert 'text-bg-secondary">非表示<' in page
    client.post(url, {})
    comment.refresh_from_db()
    assert not comment.hidden_by_staff


def test_searching_the_comments(client, staff, survey):
    answer_randomly(survey, 12)
    client.force_login(staff)
    page = client.get(results_url(survey), {"q": "感想11"}).content.decode()
    assert "感想11" in page and "感想10<" not in page
    # Hostile queries are a page, never a 500.
    for query in ("\x00", "%", "'; DROP TABLE", "あ" * 500):
        assert client.get(results_url(survey), {"q": query}).status_code == 200


def test_the_csv_has_one_row_per_answer_with_a_bom(client, staff, survey):
    answer_randomly(survey, 5)
    client.force_login(staff)
    response = client.get(reverse("openfactory:surveys:results_csv", kwargs={"pk": survey.pk}))
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) - 1 == Answer.objects.filter(response__survey=survey).count()
    kinds = Counter(row[7] for row in rows[1:])
    assert kinds["rating"] == 5 and kinds["exhibitor"] == 5
    # Each row says what was answered, as the rows in the database do.
    by_answer = {
        (a.response_id, a.question.kind): a
        for a in Answer.objects.filter(response__survey=survey).select_related("question")
    }
    for row in rows[1:]:
        answer = by_answer[(int(row[0]), row[7])]
        if row[7] == "multiple":
            assert row[8] == " / ".join(c.value for c in answer.choices.order_by("order", "pk"))
        elif row[7] == "exhibitor":
            assert row[9] == answer.exhibitor.company.name
        elif row[7] == "rating":
            assert row[8] == str(answer.number)
        elif row[7] == "residence":
            assert (row[8], row[9]) == (answer.choice.value, answer.choice.label)


ROLES_AND_STATUS = [
    ("anonymous", 302),
    ("visitor", 403),
    ("editor", 403),
    ("owner", 403),
    ("member", 403),
    ("staff", 200),
    ("superuser", 200),
]


@pytest.mark.parametrize(("role", "expected"), ROLES_AND_STATUS)
def test_only_city_staff_see_results_comments_and_exports(client_for_role, survey, role, expected):
    answer_randomly(survey, 2)
    client = client_for_role(role)
    assert client.get(results_url(survey)).status_code == expected
    csv_url = reverse("openfactory:surveys:results_csv", kwargs={"pk": survey.pk})
    assert client.get(csv_url).status_code == expected
    comment = Answer.objects.filter(question=survey.q["text"]).first()
    hide = client.post(
        reverse("openfactory:surveys:answer_hide", kwargs={"pk": comment.pk}), {"hidden": "on"}
    )
    assert hide.status_code == (302 if expected != 403 else 403)
    comment.refresh_from_db()
    assert comment.hidden_by_staff is (expected == 200)


def test_the_demo_survey_has_a_few_hundred_demo_answers(client, staff):
    from django.core.management import call_command

    from openfactory.models import Survey

    call_command("load_demo")
    survey = Survey.objects.get(is_demo=True, audience=Survey.Audience.VISITORS)
    assert survey.edition.is_demo and survey.status == Survey.Status.OPEN
    assert survey.responses.count() == 300
    assert not survey.responses.filter(is_demo=False).exists()
    call_command("load_demo")  # a second run keeps it
    assert Survey.objects.filter(is_demo=True).count() == 2
    client.force_login(staff)
    page = client.get(results_url(survey))
    assert 'data-figure="responses">300<' in page.content.decode()


def test_the_demo_has_the_ready_made_exhibitors_survey_answered(client, staff):
    from django.core.management import call_command

    from openfactory.models import Exhibitor, Survey

    call_command("load_demo")
    survey = Survey.objects.get(is_demo=True, audience=Survey.Audience.EXHIBITORS)
    assert survey.status == Survey.Status.OPEN
    assert [q.text for q in survey.questions.order_by("order")] == [
        "来場者数の実感(人)",
        "効果があったこと",
        "次回も出展しますか",
        "採用や取引に役立ちましたか",
        "運営へのご意見",
    ]
    answered = survey.responses.all()
    assert (
        0 < answered.count() <= Exhibitor.objects.filter(area_day__edition=survey.edition).count()
    )
    # Each answer is an exhibit's own: its company, once.
    assert all(r.company_id == r.venue.company_id for r in answered)
    client.force_login(staff)
    page = client.get(results_url(survey)).content.decode()
    assert f'data-figure="responses">{answered.count()}<' in page
    assert "次回も出展しますか" in page


def test_the_public_statistics_show_the_figures_only_once_published(client, survey):
    from openfactory.models import Survey

    a, b = survey.venues[0], survey.venues[1]
    for i, (stars, vote) in enumerate([(5, a), (4, a), (3, b)]):
        services.response_submit(
            survey=survey,
            answers={
                survey.q["rating"].pk: {"number": stars},
                survey.q["exhibitor"].pk: {"exhibitor": vote},
                survey.q["text"].pk: {"text": f"ひみつのコメント{i}"},
            },
            browser_key=f"p{i}",
        )
    url = f"/openfactory/{survey.edition.year}/statistics/"
    page = client.get(url).content.decode()
    assert 'data-figure="satisfaction"' not in page and "ひみつのコメント" not in page
    Survey.objects.filter(pk=survey.pk).update(results_published=True)
    page = client.get(url).content.decode()
    assert 'data-figure="satisfaction">4.00' in page
    assert f'data-figure="winner">{a.company.name}' in page
    assert "ひみつのコメント" not in page


def test_the_report_puts_last_editions_figures_beside(client, staff):
    from tests.openfactory.factories import AreaDayFactory, EditionFactory

    last = full_survey(area_day=AreaDayFactory(edition=EditionFactory(year=2070, number=70)))
    this = services.survey_copy(from_survey=last, to_edition=EditionFactory(year=2071, number=71))
    this.status = "open"
    this.save()
    for survey, ratings in ((last, [2, 4]), (this, [5, 5, 2])):
        rating = survey.questions.get(kind="rating")
        for i, stars in enumerate(ratings):
            services.response_submit(
                survey=survey,
                answers={rating.pk: {"number": stars}},
                browser_key=f"{survey.pk}-{i}",
            )
    client.force_login(staff)
    page = client.get(reverse("openfactory:surveys:report", kwargs={"pk": this.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-figure="mean">4.00<' in html
    assert 'data-figure="previous-mean">3.00<' in html
    assert "<svg" in html and "<title" in html
    assert "2070" in html and "2071" in html


@pytest.mark.parametrize(("role", "expected"), ROLES_AND_STATUS)
def test_only_city_staff_print_the_report(client_for_role, survey, role, expected):
    url = reverse("openfactory:surveys:report", kwargs={"pk": survey.pk})
    assert client_for_role(role).get(url).status_code == expected


def test_a_mailed_answer_to_an_edition_wide_survey_counts_on_its_reservations_day():
    """The day is stored with the response (Response.area_day), as the migration that added
    it computed it for the responses given before."""
    import importlib

    from django.apps import apps

    from openfactory.models import Response

    survey = full_survey(edition=EditionFactory(), area_day=None)
    slot = SlotFactory(programme__exhibitor__area_day__edition=survey.edition)
    day = slot.programme.exhibitor.area_day
    reservation = ReservationFactory(slot=slot, status=Reservation.Status.ATTENDED)
    q = survey.q
    services.response_submit(
        survey=survey, answers={q["rating"].pk: {"number": 4}}, reservation=reservation
    )
    stored = Response.objects.get()
    assert stored.area_day == day
    table = selectors.survey_day_rows(survey)
    assert table is not None
    [row] = [row for row in table["days"] if row["day"] == day]
    assert (row["responses"], row["by_link"], row["mean"]) == (1, 1, 4)
    assert table["unknown"]["responses"] == 0
    # Given before the day was stored: the migration finds the same one.
    Response.objects.update(area_day=None)
    migration = importlib.import_module("openfactory.migrations.0019_response_area_day")
    migration.fill_area_days(apps, None)
    assert Response.objects.get().area_day == day
