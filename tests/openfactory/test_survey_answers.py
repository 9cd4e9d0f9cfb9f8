"""Visitors answer the survey on a phone: from the mailed link or at a venue's poster."""

import datetime as dt
import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from openfactory.models import Answer, Reservation, Response, Survey, SurveyInvitation
from openfactory.surveys import services
from openfactory.surveys.forms import OTHER
from openfactory.surveys.tasks import send_survey_invitations
from tests.openfactory.factories import ExhibitorFactory, ReservationFactory, SlotFactory
from tests.openfactory.survey_factories import full_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = full_survey()
    survey.venue = ExhibitorFactory(area_day=survey.area_day)
    return survey


def walk_in_url(survey):
    return reverse("openfactory:surveys:walk_in", kwargs={"key": survey.public_key})


def link_of(survey, reservation):
    token = services.survey_link_token(survey_id=survey.pk, reservation_id=reservation.pk)
    return reverse("openfactory:surveys:answer", kwargs={"token": token})


def good(survey, **extra):
    q = survey.q
    data = {
        f"q{q['rating'].pk}": "5",
        "idempotency_key": uuid.uuid4().hex,
    }
    data.update({f"q{q[k].pk}" if k in q else k: v for k, v in extra.items()})
    return data


def page_text(response) -> str:
    return response.content.decode()


# --- Every kind, stored --------------------------------------------------------------------


def test_every_kind_of_question_is_stored(client, survey):
    q = survey.q
    data = good(
        survey,
        single=OTHER,
        multiple=["tour", OTHER],
        text="  とても楽しかった  ",
        number="１２",  # 全角 digits are numbers too
        age_band="30s",
        residence="city",
        heard_from="sns",
        exhibitor=str(survey.venue.pk),
    )
    data[f"q{q['single'].pk}_other"] = "友人の紹介"
    data[f"q{q['multiple'].pk}_other"] = "お土産"
    response = client.post(walk_in_url(survey), data)
    assert response.status_code == 302, page_text(response)
    assert response.url == reverse("openfactory:surveys:thanks", kwargs={"key": survey.public_key})
    answers = {a.question_id: a for a in Answer.objects.filter(response__survey=survey)}
    assert answers[q["rating"].pk].number == 5
    assert answers[q["single"].pk].choice is None
    assert answers[q["single"].pk].other_text == "友人の紹介"
    assert [c.value for c in answers[q["multiple"].pk].choices.all()] == ["tour"]
    assert answers[q["multiple"].pk].other_text == "お土産"
    assert answers[q["text"].pk].text == "とても楽しかった"
    assert answers[q["number"].pk].number == 12
    assert answers[q["age_band"].pk].choice.value == "30s"
    assert answers[q["residence"].pk].choice.value == "city"
    assert answers[q["heard_from"].pk].choice.value == "sns"
    assert answers[q["exhibitor"].pk].exhibitor == survey.venue
    # The follow-up of a low rating was not shown: nothing stored for it.
    assert q["why_low"].pk not in answers
    assert client.get(response.url).status_code == 200


# --- Bad input: a message beside the field, what was typed kept, nothing stored ------------


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("rating", "6"),
        ("rating", "abc"),
        ("rating", "0"),
        ("single", "nonexistent"),
        ("multiple", ["tour", "nonexistent"]),
        ("text", "あ" * 2001),
        ("text", "NUL\x00byte"),
        ("number", "abc"),
        ("number", "-1"),
        ("number", "51"),
        ("number", "1e3"),
        ("age_band", "200s"),
        ("residence", "mars"),
        ("heard_from", "tv"),
        ("exhibitor", "999999"),
        ("exhibitor", "<script>"),
    ],
)
def test_bad_input_gets_a_message_beside_the_field(client, survey, kind, value):
    data = good(survey, text="残しておく文章")
    data[f"q{survey.q[kind].pk}"] = value
    if kind == "text":
        data[f"q{survey.q['number'].pk}"] = "7"
    response = client.post(walk_in_url(survey), data)
    assert response.status_code == 200
    html = page_text(response)
    assert 'class="invalid-feedback' in html or "invalid-feedback" in html
    assert f'id="question-{survey.q[kind].pk}"' in html
    # What was typed elsewhere is still there.
    assert "残しておく文章" in html or kind == "text"
    assert not Response.objects.filter(survey=survey).exists()


def test_an_exhibitor_of_another_day_is_not_a_choice(client, survey):
    other = ExhibitorFactory()
    response = client.post(walk_in_url(survey), good(survey, exhibitor=str(other.pk)))
    assert response.status_code == 200
    assert not Response.objects.exists()


def test_choosing_other_needs_its_text(client, survey):
    response = client.post(walk_in_url(survey), good(survey, single=OTHER))
    assert "「その他」の内容をご記入ください。" in page_text(response)
    assert not Response.objects.exists()


# --- Required and conditional questions, on the server -------------------------------------


def test_a_required_question_must_be_answered(client, survey):
    data = good(survey)
    data[f"q{survey.q['rating'].pk}"] = ""
    response = client.post(walk_in_url(survey), data)
    assert response.status_code == 200
    assert "この設問にお答えください。" in page_text(response)
    assert not Response.objects.exists()


def test_a_shown_follow_up_is_required(client, survey):
    response = client.post(walk_in_url(survey), good(survey, rating="1"))
    assert response.status_code == 200
    assert "この設問にお答えください。" in page_text(response)
    assert not Response.objects.exists()
    response = client.post(walk_in_url(survey), good(survey, rating="1", why_low="駐車場が狭い"))
    assert response.status_code == 302
    assert Answer.objects.get(question=survey.q["why_low"]).text == "駐車場が狭い"


def test_an_answer_to_a_hidden_question_is_ignored(client, survey):
    response = client.post(walk_in_url(survey), good(survey, rating="5", why_low="隠れた回答"))
    assert response.status_code == 302
    assert not Answer.objects.filter(question=survey.q["why_low"]).exists()


def test_a_hidden_questions_bad_input_is_no_error(client, survey):
    response = client.post(walk_in_url(survey), good(survey, rating="4", why_low="\x00"))
    assert response.status_code == 302


# --- Once ----------------------------------------------------------------------------------


def test_a_double_submit_stores_one_response(client, survey):
    data = good(survey)
    first = client.post(walk_in_url(survey), data)
    client.cookies.clear()  # even from another browser, the same form's key is one response
    second = client.post(walk_in_url(survey), data)
    assert first.status_code == second.status_code == 302
    assert Response.objects.filter(survey=survey).count() == 1


def test_one_answer_per_browser(client, survey):
    assert client.post(walk_in_url(survey), good(survey)).status_code == 302
    again = client.get(walk_in_url(survey))
    assert "ご回答ありがとうございました" in page_text(again)
    client.post(walk_in_url(survey), good(survey))
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_forged_browser_cookie_is_a_new_browser(client, survey):
    client.cookies["ayase_survey"] = "forged"
    assert client.post(walk_in_url(survey), good(survey)).status_code == 302
    assert Response.objects.get().browser_key not in ("", "forged")


def test_walk_in_answers_are_rate_limited_per_address(client, survey, settings):
    settings.OPENFACTORY_RATE_LIMIT = 2
    statuses = []
    for _ in range(4):
        client.cookies.clear()
        statuses.append(client.post(walk_in_url(survey), good(survey)).status_code)
    assert statuses == [302, 302, 429, 429]
    assert Response.objects.count() == 2
    # Another address is not limited by this one.
    client.cookies.clear()
    other = client.post(walk_in_url(survey), good(survey), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_the_venue_of_a_poster_is_stored(client, survey):
    url = reverse(
        "openfactory:surveys:walk_in_venue",
        kwargs={"key": survey.public_key, "venue": survey.venue.pk},
    )
    assert client.post(url, good(survey)).status_code == 302
    assert Response.objects.get().venue == survey.venue
    other = ExhibitorFactory()
    assert client.get(url.replace(f"/{survey.venue.pk}/", f"/{other.pk}/")).status_code == 404


# --- Closed, draft, not yet open ------------------------------------------------------------


CLOSED = "このアンケートの受付は終了しました。"
NOT_YET = "このアンケートはまだ始まっていません。"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"status": Survey.Status.CLOSED}, CLOSED),
        ({"closes_at": timezone.now() - dt.timedelta(minutes=1)}, CLOSED),
        ({"opens_at": timezone.now() + dt.timedelta(days=1)}, NOT_YET),
    ],
)
def test_a_closed_survey_says_so(client, survey, change, says):
    Survey.objects.filter(pk=survey.pk).update(**change)
    for response in (
        client.get(walk_in_url(survey)),
        client.post(walk_in_url(survey), good(survey)),
    ):
        assert response.status_code == 200
        assert says in page_text(response)
    assert not Response.objects.exists()


def test_a_draft_is_not_found_except_by_city_staff(client, survey, staff):
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.DRAFT)
    assert client.get(walk_in_url(survey)).status_code == 404
    client.force_login(staff)
    preview = client.get(walk_in_url(survey))
    assert preview.status_code == 200
    assert "下書きのプレビュー" in page_text(preview)
    assert f'name="q{survey.q["rating"].pk}"' in page_text(preview)
    posted = client.post(walk_in_url(survey), good(survey))
    assert NOT_YET in page_text(posted)
    assert not Response.objects.exists()


# --- The mailed link -----------------------------------------------------------------------


def checked_in(survey, **fields):
    slot = SlotFactory(programme__exhibitor=survey.venue)
    return ReservationFactory(
        slot=slot, status=Reservation.Status.ATTENDED, checked_in_at=timezone.now(), **fields
    )


def evening_of(day, hour=19):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def test_the_link_is_mailed_in_the_evening_to_checked_in_visitors_only(survey, settings):
    settings.OPENFACTORY_SURVEY_MAIL_HOUR = 18
    came = checked_in(survey)
    came_en = checked_in(survey, language="en")
    slot = came.slot
    ReservationFactory(slot=slot, status=Reservation.Status.CONFIRMED)  # never checked in
    ReservationFactory(slot=slot, status=Reservation.Status.NO_SHOW)
    ReservationFactory(slot=slot, status=Reservation.Status.WAITLISTED)
    ReservationFactory(slot=slot, status=Reservation.Status.CANCELLED)
    day = survey.area_day.date

    assert services.survey_invitations_due(now=evening_of(day, 17)) == []
    due = services.survey_invitations_due(now=evening_of(day))
    assert sorted(due) == sorted([(survey.pk, came.pk), (survey.pk, came_en.pk)])

    for survey_id, reservation_id in due:
        services.survey_invitation_send(survey_id=survey_id, reservation_id=reservation_id)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {came.email, came_en.email}
    assert "アンケート" in by_address[came.email].subject
    assert "Thank you for visiting" in by_address[came_en.email].subject
    assert "アンケート" not in by_address[came_en.email].body
    # The mailed link is the visitor's own (its signature carries the second it was made).
    token = re.search(r"/openfactory/surveys/a/([^/\s]+)/", by_address[came.email].body).group(1)
    assert services.survey_link_read(token) == (survey.pk, came.pk)

    # Once per reservation: a rerun finds nothing, and a repeated send sends nothing.
    assert services.survey_invitations_due(now=evening_of(day)) == []
    assert services.survey_invitation_send(survey_id=survey.pk, reservation_id=came.pk) is False
    assert len(mail.outbox) == 2
    assert SurveyInvitation.objects.count() == 2


def test_the_beat_task_sends_once(survey, settings, django_capture_on_commit_callbacks):
    came = checked_in(survey)
    settings.OPENFACTORY_SURVEY_MAIL_HOUR = 0  # any hour of the day counts as evening
    Survey.objects.filter(pk=survey.pk).update()
    survey.area_day.date = timezone.localdate()
    survey.area_day.save()
    assert send_survey_invitations() == 1
    assert send_survey_invitations() == 0
    assert [m.to[0] for m in mail.outbox] == [came.email]


def test_a_closed_survey_mails_nothing(survey):
    checked_in(survey)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    assert services.survey_invitations_due(now=evening_of(survey.area_day.date)) == []


def test_the_link_answers_once_for_its_own_reservation(client, survey):
    came = checked_in(survey)
    other = checked_in(survey)
    url = link_of(survey, came)
    assert client.get(url).status_code == 200
    assert client.post(url, good(survey)).status_code == 302
    response = Response.objects.get()
    assert response.reservation == came
    # Twice: the thank-you page, still one response.
    again = client.post(url, good(survey))
    assert again.status_code == 302 and again.url.endswith("/thanks/")
    assert "ご回答ありがとうございました" in page_text(client.get(url))
    assert Response.objects.count() == 1
    # The other visitor's link is theirs.
    assert client.post(link_of(survey, other), good(survey)).status_code == 302
    assert set(Response.objects.values_list("reservation", flat=True)) == {came.pk, other.pk}


def test_a_tampered_link_is_not_found(client, survey):
    came = checked_in(survey)
    other = checked_in(survey)
    token = services.survey_link_token(survey_id=survey.pk, reservation_id=came.pk)
    payload, _, signature = token.rpartition(":")
    forged = services.survey_link_token(survey_id=survey.pk, reservation_id=other.pk)
    mixed = forged.rpartition(":")[0] + ":" + signature
    for bad in (mixed, payload + ":x", "nothing", token[:-2]):
        url = reverse("openfactory:surveys:answer", kwargs={"token": bad})
        assert client.get(url).status_code == 404
        assert client.post(url, good(survey)).status_code == 404
    assert not Response.objects.exists()


def test_the_link_of_an_anonymised_reservation_is_not_found(client, survey):
    came = checked_in(survey)
    Reservation.objects.filter(pk=came.pk).update(anonymised_at=timezone.now())
    assert client.get(link_of(survey, came)).status_code == 404


def test_a_link_to_a_closed_survey_says_so(client, survey):
    came = checked_in(survey)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    response = client.get(link_of(survey, came))
    assert response.status_code == 200
    assert "このアンケートの受付は終了しました。" in page_text(response)


# --- The posters and who sees what ----------------------------------------------------------


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
def test_only_city_staff_print_the_posters(client_for_role, survey, role, expected):
    url = reverse("openfactory:surveys:poster", kwargs={"pk": survey.pk})
    response = client_for_role(role).get(url)
    assert response.status_code == expected
    if expected == 200:
        html = page_text(response)
        assert html.count('class="survey-poster"') == 2  # the general one and the venue's
        assert "data:image/svg+xml" in html
        assert f"/openfactory/surveys/q/{survey.public_key}/{survey.venue.pk}/" in html


@pytest.mark.parametrize(
    "role", ["anonymous", "visitor", "editor", "owner", "member", "staff", "superuser"]
)
def test_everyone_answers_at_the_poster_and_by_the_link(client_for_role, survey, role):
    client = client_for_role(role)
    assert client.get(walk_in_url(survey)).status_code == 200
    assert client.post(walk_in_url(survey), good(survey)).status_code == 302
    came = checked_in(survey)
    assert client.get(link_of(survey, came)).status_code == 200
    thanks = reverse("openfactory:surveys:thanks", kwargs={"key": survey.public_key})
    assert client.get(thanks).status_code == 200


def test_the_answer_page_runs_a_constant_number_of_queries(
    client, survey, django_assert_max_num_queries
):
    for _ in range(3):
        ExhibitorFactory(area_day=survey.area_day)
    with django_assert_max_num_queries(12):
        assert client.get(walk_in_url(survey)).status_code == 200


# --- Personal data --------------------------------------------------------------------------


def test_responses_lose_their_reservation_when_it_is_anonymised(survey, settings):
    from openfactory.services import reservations_anonymise
    from openfactory.surveys.tasks import anonymise_survey_responses

    came = checked_in(survey)
    kept = checked_in(survey)
    for reservation in (came, kept):
        services.response_submit(
            survey=survey, answers={survey.q["rating"].pk: {"number": 4}}, reservation=reservation
        )
    reservations_anonymise(
        today=survey.area_day.date + dt.timedelta(days=settings.OPENFACTORY_RETENTION_DAYS)
    )
    # As if the second one's retention period had not passed yet.
    Reservation.objects.filter(pk=kept.pk).update(anonymised_at=None)
    assert anonymise_survey_responses() == 1
    gone = Response.objects.get(anonymised_at__isnull=False)
    assert gone.reservation is None
    assert gone.answers.get().number == 4  # the answers stay for the results
    assert Response.objects.get(anonymised_at__isnull=True).reservation == kept
    assert anonymise_survey_responses() == 0


def test_the_privacy_notice_names_the_survey(client):
    page = client.get(reverse("openfactory:privacy")).content.decode()
    assert "アンケート" in page
