"""Each exhibitor's report after its area day, beside the area's average, and the edition
report for the committee (issue 15, item 7)."""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from openfactory.models import (
    Answer,
    QuizAnswer,
    ReceptionCount,
    Reservation,
    Stamp,
    Survey,
    Visit,
)
from openfactory.surveys import services as survey_services
from tests.conftest import ROLES
from tests.openfactory.factories import (
    AreaDayFactory,
    ExhibitorFactory,
    ReservationFactory,
    SlotFactory,
)
from tests.openfactory.pass_factories import VisitorPassFactory
from tests.openfactory.survey_factories import exhibitors_survey, full_survey

pytestmark = pytest.mark.django_db

Status = Reservation.Status


@pytest.fixture
def day(company):
    """An area day a week ago: the role fixtures' company and two others exhibited."""
    area_day = AreaDayFactory(date=timezone.localdate() - dt.timedelta(days=7))
    own = ExhibitorFactory(area_day=area_day, company=company)
    others = [ExhibitorFactory(area_day=area_day) for _ in range(2)]
    return area_day, own, others


def held(exhibitor, *statuses, adults=2, children=1):
    slot = SlotFactory(programme__exhibitor=exhibitor)
    for status in statuses:
        ReservationFactory(slot=slot, status=status, adults=adults, children=children)
    return slot


def report(client, exhibitor):
    body = client.get(f"/openfactory/manage/{exhibitor.pk}/report/").content.decode()
    rows = {}
    for row, cells in re.findall(r'<tr data-row="(\w+)">(.*?)</tr>', body, flags=re.S):
        rows[row] = dict(re.findall(r'data-figure="(\w+)">([^<]*)<', cells))
    return body, rows


def test_the_figures_and_the_average_are_those_stored(client, owner, day):
    area_day, own, (second, third) = day
    moment = timezone.make_aware(dt.datetime.combine(area_day.date, dt.time(11)))
    # Own: 3 + 3 people checked in, one no-show, one cancellation (not counted), 4 walk-ins.
    slot = held(own, Status.ATTENDED, Status.ATTENDED, Status.NO_SHOW, Status.CANCELLED)
    ReceptionCount.objects.create(programme=slot.programme, date=area_day.date, walk_ins=4)
    held(second, Status.ATTENDED, adults=1, children=0)
    passes = [VisitorPassFactory(edition=area_day.edition) for _ in range(3)]
    for visitor_pass in passes:
        Visit.objects.create(visitor_pass=visitor_pass, exhibitor=own, visited_at=moment)
        Stamp.objects.create(visitor_pass=visitor_pass, exhibitor=own, stamped_at=moment)
    # The quiz: the first pass answered wrongly twice before its right answer; a fourth pass
    # tried once, wrongly; another factory's answer is not counted here.
    for visitor_pass, choices in [
        (passes[0], [1, 3, 2]),
        (passes[1], [2]),
        (passes[2], [2]),
        (VisitorPassFactory(edition=area_day.edition), [1]),
    ]:
        for choice in choices:
            QuizAnswer.objects.create(
                visitor_pass=visitor_pass,
                exhibitor=own,
                choice=choice,
                correct=choice == 2,
                answered_at=moment,
            )
    QuizAnswer.objects.create(
        visitor_pass=passes[0], exhibitor=third, choice=1, correct=True, answered_at=moment
    )
    Visit.objects.create(visitor_pass=passes[0], exhibitor=third, visited_at=moment)
    survey = full_survey(
        edition=area_day.edition, area_day=area_day, audience=Survey.Audience.VISITORS
    )
    for i, (stars, comment) in enumerate([(5, "旋盤の音に感動"), (4, "ひみつの話"), (3, "")]):
        survey_services.response_submit(
            survey=survey,
            answers={
                survey.q["rating"].pk: {"number": stars},
                survey.q["text"].pk: {"text": comment},
            },
            browser_key=f"b{i}",
            venue=own,
        )
    Answer.objects.filter(text="ひみつの話").update(hidden_by_staff=True)

    client.force_login(owner)
    body, rows = report(client, own)
    assert rows["own"] == {
        "visits": "10",  # 3 + 3 checked in + 4 walk-ins
        "parties": "3",
        "reservations": "3",  # the cancellation left out
        "no_shows": "1",
        "quiz_passes": "4",
        "quiz_answers": "6",
        "stamps": "3",
        "responses": "0",  # the survey's results are not published yet
        "satisfaction": "—",
    }
    assert "旋盤の音に感動" not in body
    Survey.objects.filter(pk=survey.pk).update(results_published=True)
    body, rows = report(client, own)
    assert rows["own"]["responses"] == "3" and rows["own"]["satisfaction"] == "4.0"
    # The average of the three exhibitors: (10 + 1 + 0) / 3 visits, (3 + 0 + 1) / 3 parties.
    assert rows["average"]["visits"] == "3.7" and rows["average"]["parties"] == "1.3"
    assert rows["average"]["stamps"] == "1.0" and rows["average"]["reservations"] == "1.3"
    assert rows["average"]["quiz_passes"] == "1.7" and rows["average"]["quiz_answers"] == "2.3"
    assert "旋盤の音に感動" in body and "ひみつの話" not in body
    # Never another company's name or any visitor's.
    assert second.company.name not in body and third.company.name not in body


@pytest.mark.parametrize("role", ROLES)
def test_only_the_companys_staff_and_city_staff_read_its_report(client_for_role, role, day):
    own = day[1]
    response = client_for_role(role).get(f"/openfactory/manage/{own.pk}/report/")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response.url
    elif role in ("owner", "editor", "staff", "superuser"):
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_another_companys_owner_gets_a_404(client, owner, day):
    client.force_login(owner)
    other = day[2][0]
    assert client.get(f"/openfactory/manage/{other.pk}/report/").status_code == 404


def test_the_report_opens_after_the_day(client, owner, company):
    today = ExhibitorFactory(area_day__date=timezone.localdate(), company=company)
    held(today, Status.ATTENDED)
    client.force_login(owner)
    body, rows = report(client, today)
    assert rows == {} and "開催日" in body and "report-not-yet" in body


def test_the_report_does_not_grow_with_visitors(client, owner, day):
    """Issue 16's budget, 8 queries, with visitors, no-shows, parties and the company's own
    survey answers, one of them of several choices."""
    area_day, own, others = day
    client.force_login(owner)
    url = f"/openfactory/manage/{own.pk}/report/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    moment = timezone.make_aware(dt.datetime.combine(area_day.date, dt.time(11)))
    for exhibitor in [own, *others]:
        held(exhibitor, Status.ATTENDED, Status.NO_SHOW, Status.ATTENDED)
        for _ in range(5):
            Visit.objects.create(
                visitor_pass=VisitorPassFactory(edition=area_day.edition),
                exhibitor=exhibitor,
                visited_at=moment,
            )
    survey = exhibitors_survey(area_day=area_day, edition=area_day.edition)
    q = survey.q
    answered = client.post(
        reverse(
            "openfactory:surveys:exhibitor_answer", kwargs={"exhibitor": own.pk, "pk": survey.pk}
        ),
        {
            f"q{q['visitors'].pk}": "40",
            f"q{q['next'].pk}": "yes",
            f"q{q['helped'].pk}": ["hiring", "business"],
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert answered.status_code == 302
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.status_code == 200 and "採用 / 取引" in page.content.decode()
    assert len(many) == len(few) <= 8, [q["sql"][:120] for q in many.captured_queries]


@pytest.mark.parametrize("role", ROLES)
def test_the_edition_report_is_for_city_staff(client_for_role, role, day):
    area_day, own, others = day
    held(others[0], Status.ATTENDED, adults=1, children=0)
    response = client_for_role(role).get(f"/openfactory/{area_day.edition.year}/report/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    if role not in ("staff", "superuser"):
        assert response.status_code == 404
        return
    body = response.content.decode()
    for exhibitor in [own, *others]:
        assert exhibitor.company.name in body
    assert re.search(
        rf'data-exhibitor="{others[0].pk}">.*?data-figure="visits">1<', body, flags=re.S
    )


def test_with_two_exhibitors_the_average_is_not_shown(client, owner, company):
    """Own figures beside the average of two would give away the other company's."""
    area_day = AreaDayFactory(date=timezone.localdate() - dt.timedelta(days=7))
    own = ExhibitorFactory(area_day=area_day, company=company)
    other = ExhibitorFactory(area_day=area_day)
    held(own, Status.ATTENDED)
    held(other, Status.ATTENDED, Status.ATTENDED, adults=3, children=1)
    client.force_login(owner)
    body, rows = report(client, own)
    assert rows["own"]["visits"] == "3" and "average" not in rows
    assert "report-no-average" in body and "3社以上" in body
    # The third exhibitor brings the average back.
    ExhibitorFactory(area_day=area_day)
    body, rows = report(client, own)
    assert rows["average"]["visits"] == "3.7" and "report-no-average" not in body  # 11 / 3


def test_the_report_shows_the_companys_own_exhibitor_survey_answers(
    client, owner, editor, company, day
):
    area_day, own, (second, _third) = day
    survey = exhibitors_survey(area_day=area_day, edition=area_day.edition)
    q = survey.q

    def answer(exhibitor, visitors, worked):
        return client.post(
            reverse(
                "openfactory:surveys:exhibitor_answer",
                kwargs={"exhibitor": exhibitor.pk, "pk": survey.pk},
            ),
            {
                f"q{q['visitors'].pk}": str(visitors),
                f"q{q['worked'].pk}": worked,
                f"q{q['next'].pk}": "yes",
                f"q{q['helped'].pk}": ["hiring", "business"],
                "idempotency_key": uuid.uuid4().hex,
            },
        )

    client.force_login(editor)
    body, _rows = report(client, own)
    assert "report-answers" not in body and "まだ回答していません" in body
    assert answer(own, 80, "実演が好評").status_code == 302
    second.company.memberships.create(user=editor, role="owner")
    assert answer(second, 12, "他社のひみつ").status_code == 302
    client.force_login(owner)
    body, _rows = report(client, own)
    answers = dict(
        re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", body.split('class="report-answers"')[1])
    )
    assert answers == {
        "来場者数(体感)": "80",
        "うまくいったこと": "実演が好評",
        "次回も出展しますか": "はい",
        "効果": "採用 / 取引",
    }
    assert "他社のひみつ" not in body
