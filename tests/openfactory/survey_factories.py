"""Factories of the after-visit surveys, and a survey with one question of every kind."""

import factory

from openfactory.models import Choice, Question, Survey
from openfactory.surveys.services import question_add_default_choices
from tests.openfactory.factories import AreaDayFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    area_day = factory.SubFactory(AreaDayFactory)
    edition = factory.LazyAttribute(lambda o: o.area_day.edition)
    title = "ご来場アンケート"
    title_en = "Visitor survey"
    intro = "ご来場ありがとうございました。"
    status = Survey.Status.OPEN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = Question.Kind.RATING
    text = factory.Sequence(lambda n: f"質問{n}")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE)
    order = factory.Sequence(lambda n: n)
    label = factory.Sequence(lambda n: f"選択肢{n}")
    value = factory.Sequence(lambda n: f"choice-{n}")


def full_survey(**fields) -> Survey:
    """A survey with every kind of question, and a follow-up shown only to those who rated 1.

    Its questions are reachable as ``survey.q[kind]`` (and ``survey.q["why_low"]``).
    """
    survey = SurveyFactory(**fields)
    q = {}
    q["rating"] = QuestionFactory(
        survey=survey, order=1, kind="rating", text="満足度", required=True
    )
    q["why_low"] = QuestionFactory(
        survey=survey,
        order=2,
        kind="text",
        text="ご不満な点",
        required=True,
        condition_question=q["rating"],
        condition_value="1",
    )
    q["single"] = QuestionFactory(
        survey=survey, order=3, kind="single", text="参加した回数", allow_other=True
    )
    ChoiceFactory(question=q["single"], value="first", label="初めて")
    ChoiceFactory(question=q["single"], value="again", label="2回目以上")
    q["multiple"] = QuestionFactory(
        survey=survey, order=4, kind="multiple", text="良かった点", allow_other=True
    )
    ChoiceFactory(question=q["multiple"], value="tour", label="見学")
    ChoiceFactory(question=q["multiple"], value="workshop", label="体験")
    q["text"] = QuestionFactory(survey=survey, order=5, kind="text", text="ご意見")
    q["number"] = QuestionFactory(
        survey=survey, order=6, kind="number", text="何社回りましたか", min_value=0, max_value=50
    )
    for order, kind in enumerate(("age_band", "residence", "heard_from"), start=7):
        q[kind] = QuestionFactory(survey=survey, order=order, kind=kind, text=kind)
        question_add_default_choices(question=q[kind])
    q["exhibitor"] = QuestionFactory(
        survey=survey, order=10, kind="exhibitor", text="看板コンテスト"
    )
    survey.q = q
    return survey


def add_survey_world(o: dict) -> None:
    """The surveys of the site-wide suites' world (tests/site/world.py): an open survey of the
    area day with one answer, a draft with nothing, and a checked-in visitor's mailed link."""
    from openfactory.surveys import services

    survey = full_survey(
        area_day=o["area_day"], edition=o["edition"], title="第5回 来場者アンケート"
    )
    o["survey"] = survey
    o["survey_question_answered"] = survey.q["rating"]
    o["survey_question_spare"] = survey.q["number"]
    o["survey_response"] = services.response_submit(
        survey=survey,
        answers={survey.q["rating"].pk: {"number": 5}, survey.q["text"].pk: {"text": "楽しかった"}},
        browser_key="world-browser",
    )
    o["survey_comment"] = o["survey_response"].answers.get(question=survey.q["text"])
    o["spare_survey"] = SurveyFactory(
        area_day=o["spare_area_day"], edition=o["edition"], status="draft", title="下書き"
    )
    from openfactory.models import SurveyInvitation

    o["survey_invitation"] = SurveyInvitation.objects.create(
        survey=survey, reservation=o["reservation_attended"], language="ja"
    )
    o["exhibitors_survey"] = exhibitors_survey(
        area_day=o["area_day"], edition=o["edition"], title="第5回 出展企業アンケート"
    )
    o["survey_link"] = services.survey_link_token(
        survey_id=survey.pk, reservation_id=o["reservation_attended"].pk
    )


def exhibitors_survey(**fields) -> Survey:
    """The exhibitors' survey of issue 10: visitors they felt they had, what worked, whether
    they exhibit next time, whether it helped hiring or business."""
    fields.setdefault("title", "出展企業アンケート")
    survey = SurveyFactory(audience=Survey.Audience.EXHIBITORS, **fields)
    q = {}
    q["visitors"] = QuestionFactory(
        survey=survey, order=1, kind="number", text="来場者数(体感)", required=True
    )
    q["worked"] = QuestionFactory(survey=survey, order=2, kind="text", text="うまくいったこと")
    q["next"] = QuestionFactory(survey=survey, order=3, kind="single", text="次回も出展しますか")
    ChoiceFactory(question=q["next"], value="yes", label="はい")
    ChoiceFactory(question=q["next"], value="no", label="いいえ")
    q["helped"] = QuestionFactory(survey=survey, order=4, kind="multiple", text="効果")
    ChoiceFactory(question=q["helped"], value="hiring", label="採用")
    ChoiceFactory(question=q["helped"], value="business", label="取引")
    survey.q = q
    return survey
