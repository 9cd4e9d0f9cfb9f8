"""Exhibitors answer their survey in their company's pages: once per company and area day."""

import uuid

import pytest
from django.urls import reverse

from openfactory.models import Response
from openfactory.surveys import services
from tests.companies.factories import CompanyFactory
from tests.openfactory.factories import AreaDayFactory, ExhibitorFactory
from tests.openfactory.survey_factories import exhibitors_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return exhibitors_survey()


@pytest.fixture
def exhibit(survey, company):
    return ExhibitorFactory(area_day=survey.area_day, company=company)


def url(exhibit, survey):
    return reverse(
        "openfactory:surveys:exhibitor_answer", kwargs={"exhibitor": exhibit.pk, "pk": survey.pk}
    )


def answers(survey, **extra):
    q = survey.q
    data = {f"q{q['visitors'].pk}": "80", "idempotency_key": uuid.uuid4().hex}
    data.update({f"q{q[k].pk}": v for k, v in extra.items()})
    return data


def test_a_company_editor_answers_once_for_its_exhibit(client, editor, survey, exhibit):
    client.force_login(editor)
    listing = client.get(reverse("openfactory:surveys:exhibitor_list")).content.decode()
    assert url(exhibit, survey) in listing
    response = client.post(url(exhibit, survey), answers(survey, next="yes", helped=["hiring"]))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.company, stored.venue) == (exhibit.company, exhibit)
    assert stored.answers.get(question=survey.q["visitors"]).number == 80
    # Once: the page says so, a second post stores nothing, the list shows it answered.
    assert "すでに回答" in client.get(url(exhibit, survey)).content.decode()
    client.post(url(exhibit, survey), answers(survey))
    assert Response.objects.count() == 1
    listing = client.get(reverse("openfactory:surveys:exhibitor_list")).content.decode()
    assert "回答済み" in listing


def test_a_survey_not_open_yet_tells_the_exhibitor_when_it_opens(client, editor, survey, exhibit):
    import datetime as dt

    from django.utils import timezone

    survey.opens_at = timezone.make_aware(dt.datetime(2099, 11, 3, 17, 0))
    survey.save(update_fields=["opens_at"])
    client.force_login(editor)
    body = client.get(url(exhibit, survey)).content.decode()
    assert "このアンケートはまだ始まっていません。2099/11/3 17:00 に始まります。" in body
    assert "ご来場の後に" not in body
    assert not Response.objects.exists()


def test_bad_input_is_a_message_beside_the_field(client, owner, survey, exhibit):
    client.force_login(owner)
    response = client.post(url(exhibit, survey), answers(survey, visitors="たくさん"))
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Response.objects.exists()


def test_another_companys_exhibit_is_not_found(client, owner, survey):
    other = ExhibitorFactory(area_day=survey.area_day, company=CompanyFactory())
    client.force_login(owner)
    assert client.get(url(other, survey)).status_code == 404
    assert client.post(url(other, survey), answers(survey)).status_code == 404
    assert not Response.objects.exists()


def test_an_exhibit_of_another_day_is_not_in_the_days_survey(client, owner, survey, company):
    elsewhere = ExhibitorFactory(area_day=AreaDayFactory(edition=survey.edition), company=company)
    client.force_login(owner)
    assert client.get(url(elsewhere, survey)).status_code == 404


def test_a_visitors_survey_is_not_answered_here(client, owner, exhibit):
    from tests.openfactory.survey_factories import SurveyFactory

    visitors = SurveyFactory(area_day=exhibit.area_day)
    client.force_login(owner)
    assert client.get(url(exhibit, visitors)).status_code == 404


def test_the_service_refuses_an_exhibit_of_another_company(survey, exhibit):
    with pytest.raises(services.SurveyError):
        services.response_submit(survey=survey, answers={}, venue=exhibit, company=CompanyFactory())


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("visitor", 404),
        ("editor", 200),
        ("owner", 200),
        ("member", 404),
        ("staff", 200),
        ("superuser", 200),
    ],
)
def test_who_answers_for_an_exhibit(client_for_role, survey, exhibit, role, expected):
    client = client_for_role(role)
    assert client.get(url(exhibit, survey)).status_code == expected
    listing = client.get(reverse("openfactory:surveys:exhibitor_list"))
    assert listing.status_code == expected


def test_the_list_runs_the_same_queries_for_more_exhibits(
    client, staff, survey, django_assert_max_num_queries
):
    client.force_login(staff)
    ExhibitorFactory(area_day=survey.area_day)
    client.get(reverse("openfactory:surveys:exhibitor_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("openfactory:surveys:exhibitor_list"))
    for _ in range(5):
        ExhibitorFactory(area_day=survey.area_day)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("openfactory:surveys:exhibitor_list"))
    assert len(many) == len(few)
