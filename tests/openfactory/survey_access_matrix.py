"""The write matrix of the surveys (joined to the open factory's table). See tests/site/matrix.py.

Whoever holds a mailed link answers for its reservation; anyone answers at a venue's poster,
once per browser; posters and the builder are city staff's.
"""

import uuid

from django.urls import reverse

from tests.site.matrix import (
    E403,
    E404,
    LOGIN,
    OK,
    PAGE,
    AdminModel,
    Op,
    ReadOnly,
    Write,
    roles,
)


def _answers(w):
    q = w.survey.q
    return {
        f"q{q['rating'].pk}": "4",
        f"q{q['single'].pk}": "first",
        f"q{q['text'].pk}": "とても楽しかったです。",
        "idempotency_key": uuid.uuid4().hex,
    }


def _walk_in(w):
    return reverse("openfactory:surveys:walk_in", kwargs={"key": w.survey.public_key})


# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    ReadOnly(
        "openfactory:surveys:thanks",
        lambda w: reverse("openfactory:surveys:thanks", kwargs={"key": w.survey.public_key}),
    ),
    # Printed by city staff: a GET page, nothing stored.
    ReadOnly(
        "openfactory:surveys:poster",
        lambda w: reverse("openfactory:surveys:poster", kwargs={"pk": w.survey.pk}),
    ),
    # Results and their export: city staff's.
    ReadOnly(
        "openfactory:surveys:results",
        lambda w: reverse("openfactory:surveys:results", kwargs={"pk": w.survey.pk}),
    ),
    ReadOnly(
        "openfactory:surveys:edition_results",
        lambda w: reverse(
            "openfactory:surveys:edition_results", kwargs={"edition": w.survey.edition_id}
        ),
    ),
    ReadOnly(
        "openfactory:surveys:report",
        lambda w: reverse("openfactory:surveys:report", kwargs={"pk": w.survey.pk}),
    ),
    ReadOnly(
        "openfactory:surveys:results_csv",
        lambda w: reverse("openfactory:surveys:results_csv", kwargs={"pk": w.survey.pk}),
    ),
    Write(
        "openfactory:surveys:answer_hide",
        lambda w: reverse("openfactory:surveys:answer_hide", kwargs={"pk": w.survey_comment.pk}),
        data=lambda w: {"hidden": "on"},
        expect=roles(LOGIN,    E403,     E403,     E403,     E403,     E403,     OK,       OK),
    ),
    # Exhibitors answer for their own company's exhibit: company A's staff for A, city staff
    # for any (an answer given on the phone); another company's exhibit is a 404.
    ReadOnly(
        "openfactory:surveys:exhibitor_list",
        lambda w: reverse("openfactory:surveys:exhibitor_list"),
    ),
    Write(
        "openfactory:surveys:exhibitor_answer",
        lambda w: reverse(
            "openfactory:surveys:exhibitor_answer",
            kwargs={"exhibitor": w.exhibitor_a.pk, "pk": w.exhibitors_survey.pk},
        ),
        data=lambda w: {
            f"q{w.exhibitors_survey.q['visitors'].pk}": "120",
            f"q{w.exhibitors_survey.q['next'].pk}": "yes",
            "idempotency_key": uuid.uuid4().hex,
        },
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    # The mailed link is the key: whoever holds it answers, once, for its reservation.
    Write(
        "openfactory:surveys:answer",
        lambda w: reverse("openfactory:surveys:answer", kwargs={"token": w.survey_link}),
        data=_answers,
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    Write(
        "openfactory:surveys:walk_in",
        _walk_in,
        data=_answers,
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    Write(
        "openfactory:surveys:walk_in_venue",
        lambda w: reverse(
            "openfactory:surveys:walk_in_venue",
            kwargs={"key": w.survey.public_key, "venue": w.exhibitor_b.pk},
        ),
        data=_answers,
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    # A draft takes no answers, even from city staff previewing it.
    Write(
        "openfactory:surveys:walk_in",
        lambda w: reverse("openfactory:surveys:walk_in", kwargs={"key": w.spare_survey.public_key}),
        variant="a draft",
        data=_answers,
        expect=roles(E404,     E404,     E404,     E404,     E404,     E404,     PAGE,     PAGE),
    ),
    AdminModel(
        "openfactory.survey",
        target="survey",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "edition": str(w.edition.pk),
                "audience": "visitors",
                "title": "出展者アンケート",
                "status": "draft",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"intro": "ご協力をお願いします。"}),
        delete=[
            Op(staff=OK, superuser=OK, target="spare_survey"),
            # Its answers are the results: a survey with responses is not deleted.
            Op(staff=PAGE, superuser=PAGE, variant="with responses"),
        ],
        actions={
            "delete_selected": Op(staff=OK, superuser=OK, target="spare_survey"),
            "copy_to_latest_edition": Op(staff=OK, superuser=OK),
        },
    ),
    AdminModel(
        "openfactory.question",
        target="survey_question_spare",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "survey": str(w.survey.pk),
                "order": "20",
                "kind": "number",
                "text": "何人で来ましたか",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"help_text": "自由にお書きください。"}),
        delete=[
            Op(staff=OK, superuser=OK),
            Op(staff=PAGE, superuser=PAGE, target="survey_question_answered", variant="answered"),
        ],
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    # Responses come from the visitors' pages: read here, deleted (spam) but never edited.
    AdminModel(
        "openfactory.response",
        target="survey_response",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    AdminModel(
        "openfactory.surveyinvitation",
        target="survey_invitation",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
]
# fmt: on
