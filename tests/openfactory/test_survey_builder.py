"""City staff build surveys in the admin; answers fix what the results depend on."""

import pytest
from django.db.models import RestrictedError

from openfactory.models import Answer, Choice, Question, Survey
from openfactory.surveys import services
from tests.conftest import ADMIN
from tests.html_forms import form_data
from tests.openfactory.factories import AreaDayFactory, AreaFactory, EditionFactory
from tests.openfactory.survey_factories import (
    ChoiceFactory,
    QuestionFactory,
    SurveyFactory,
    full_survey,
)

pytestmark = pytest.mark.django_db


def answered(question, choice=None):
    """One response answering ``question`` (with ``choice``)."""
    response = services.response_submit(
        survey=question.survey,
        answers={question.pk: {"choice": choice} if choice else {"number": 3}},
        browser_key=f"b{Answer.objects.count()}",
    )
    return response


# --- Services -------------------------------------------------------------------------------


def test_an_answered_question_cannot_be_removed():
    survey = full_survey()
    question = survey.q["rating"]
    answered(question)
    with pytest.raises(services.SurveyError) as caught:
        services.question_delete(question=question)
    assert "満足度" in caught.value.message
    assert Question.objects.filter(pk=question.pk).exists()
    # And the database says no, whatever code tries.
    with pytest.raises(RestrictedError):
        question.delete()


def test_an_unanswered_question_is_removed():
    survey = full_survey()
    services.question_delete(question=survey.q["text"])
    assert not Question.objects.filter(pk=survey.q["text"].pk).exists()


def test_an_answered_choice_keeps_its_value_but_may_be_relabelled():
    choice = ChoiceFactory(value="first", label="初めて")
    answered(choice.question, choice)
    choice.label = "はじめて"
    services.choice_check_change(choice=choice)  # a label fix is fine
    choice.value = "new"
    with pytest.raises(services.SurveyError) as caught:
        services.choice_check_change(choice=choice)
    assert caught.value.field == "value"
    with pytest.raises(services.SurveyError):
        services.choice_delete(choice=Choice.objects.get(pk=choice.pk))
    assert Choice.objects.get(pk=choice.pk).value == "first"


def test_the_kind_of_an_answered_question_is_fixed():
    question = QuestionFactory(kind="rating")
    answered(question)
    question.kind = "number"
    with pytest.raises(services.SurveyError):
        services.question_check_change(question=question)


def test_default_choices_of_residence_age_and_heard_from():
    survey = full_survey()
    assert [c.value for c in survey.q["residence"].choices.all()] == [
        "city",
        "prefecture",
        "outside",
    ]
    assert "sns" in {c.value for c in survey.q["heard_from"].choices.all()}
    assert survey.q["age_band"].choices.count() == 8
    # Twice is once: staff may have edited them since.
    assert services.question_add_default_choices(question=survey.q["residence"]) == 0


def test_copy_makes_next_years_survey_with_conditions_as_a_draft():
    area = AreaFactory()
    old_day = AreaDayFactory(area=area, edition=EditionFactory(year=2050, number=50))
    survey = full_survey(area_day=old_day, results_published=True)
    answered(survey.q["rating"])
    new_edition = EditionFactory(year=2051, number=51)
    new_day = AreaDayFactory(area=area, edition=new_edition)

    copy = services.survey_copy(from_survey=survey, to_edition=new_edition)

    assert copy.edition == new_edition and copy.area_day == new_day
    assert copy.status == Survey.Status.DRAFT and not copy.results_published
    assert copy.public_key != survey.public_key
    old = list(survey.questions.values_list("order", "kind", "text", "required"))
    assert list(copy.questions.values_list("order", "kind", "text", "required")) == old
    why_low = copy.questions.get(order=2)
    assert why_low.condition_question.survey == copy
    assert why_low.condition_question.kind == "rating" and why_low.condition_value == "1"
    assert list(copy.questions.get(order=3).choices.values_list("value", flat=True)) == [
        "first",
        "again",
    ]
    assert not copy.responses.exists()


def test_a_survey_is_not_copied_onto_its_own_edition():
    survey = SurveyFactory()
    with pytest.raises(services.SurveyError):
        services.survey_copy(from_survey=survey, to_edition=survey.edition)


# --- The admin ------------------------------------------------------------------------------


def test_staff_build_a_survey_with_questions_in_the_admin(client, staff):
    day = AreaDayFactory()
    client.force_login(staff)
    page = client.get(f"{ADMIN}openfactory/survey/add/")
    assert page.status_code == 200
    data = form_data(page.content.decode(), "survey_form")
    data.update(
        {
            "edition": str(day.edition.pk),
            "area_day": str(day.pk),
            "audience": "visitors",
            "title": "来場者アンケート",
            "status": "draft",
            "questions-TOTAL_FORMS": "2",
            "questions-0-order": "1",
            "questions-0-kind": "rating",
            "questions-0-text": "満足度",
            "questions-0-required": "on",
            "questions-1-order": "2",
            "questions-1-kind": "residence",
            "questions-1-text": "お住まい",
        }
    )
    response = client.post(f"{ADMIN}openfactory/survey/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get(title="来場者アンケート")
    assert list(survey.questions.values_list("kind", flat=True)) == ["rating", "residence"]
    # The residence question starts with 市内・県内・県外.
    assert survey.questions.get(kind="residence").choices.count() == 3


def test_the_admin_refuses_to_remove_an_answered_question(client, staff):
    survey = full_survey()
    answered(survey.q["rating"])
    client.force_login(staff)
    url = f"{ADMIN}openfactory/survey/{survey.pk}/change/"
    data = form_data(client.get(url).content.decode(), "survey_form")
    index = next(
        k.split("-")[1]
        for k, v in data.items()
        if k.endswith("-id") and v == str(survey.q["rating"].pk)
    )
    data[f"questions-{index}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert Question.objects.filter(pk=survey.q["rating"].pk).exists()


def test_the_admin_refuses_to_change_an_answered_choices_value(client, staff):
    choice = ChoiceFactory(value="first", label="初めて")
    answered(choice.question, choice)
    client.force_login(staff)
    url = f"{ADMIN}openfactory/question/{choice.question.pk}/change/"
    data = form_data(client.get(url).content.decode(), "question_form")
    data["choices-0-value"] = "renamed"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert Choice.objects.get(pk=choice.pk).value == "first"


def test_the_admin_delete_page_of_an_answered_question_refuses(client, staff):
    survey = full_survey()
    answered(survey.q["rating"])
    client.force_login(staff)
    url = f"{ADMIN}openfactory/question/{survey.q['rating'].pk}/delete/"
    client.post(url, {"post": "yes"})
    assert Question.objects.filter(pk=survey.q["rating"].pk).exists()


def test_the_copy_action_copies_to_the_latest_edition(client, staff):
    old = SurveyFactory(area_day=AreaDayFactory(edition=EditionFactory(year=2060, number=60)))
    QuestionFactory(survey=old, kind="rating", text="満足度")
    latest = EditionFactory(year=2061, number=61)
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}openfactory/survey/",
        {"action": "copy_to_latest_edition", "_selected_action": [old.pk]},
    )
    assert response.status_code == 302
    copy = Survey.objects.get(edition=latest)
    assert copy.questions.get().text == "満足度"


def test_a_condition_names_an_earlier_question_of_the_same_survey():
    from django.core.exceptions import ValidationError

    survey = full_survey()
    later = survey.q["exhibitor"]
    question = survey.q["text"]
    question.condition_question, question.condition_value = later, "1"
    with pytest.raises(ValidationError) as caught:
        question.full_clean()
    assert "condition_question" in caught.value.message_dict
    question.condition_question = QuestionFactory()  # another survey's
    with pytest.raises(ValidationError):
        question.full_clean()
    question.condition_question, question.condition_value = survey.q["rating"], ""
    with pytest.raises(ValidationError) as caught:
        question.full_clean()
    assert "condition_value" in caught.value.message_dict
    question.condition_value = "2"
    question.full_clean()


def test_an_exhibitors_survey_is_not_answered_at_a_poster(client):
    survey = SurveyFactory(audience=Survey.Audience.EXHIBITORS)
    url = f"/openfactory/surveys/q/{survey.public_key}/"
    assert client.get(url).status_code == 404
