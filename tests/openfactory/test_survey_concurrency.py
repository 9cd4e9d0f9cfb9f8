"""Twenty taps on "send" at the same moment (a phone on a slow line) store one response."""

import pytest
from django.utils import timezone

from openfactory.models import Answer, Reservation, Response
from openfactory.surveys import services
from tests.openfactory.factories import ReservationFactory
from tests.openfactory.survey_factories import full_survey
from tests.openfactory.test_concurrency import run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


def submit_all(survey, count, **who):
    def submit(i):
        try:
            return services.response_submit(
                survey=survey,
                answers={survey.q["rating"].pk: {"number": 4}},
                **{k: (v(i) if callable(v) else v) for k, v in who.items()},
            )
        except services.AlreadyAnsweredError as error:
            return error

    return run_concurrently(submit, count)


def test_one_response_per_reservation_whatever_the_taps():
    survey = full_survey()
    reservation = ReservationFactory(
        status=Reservation.Status.ATTENDED, checked_in_at=timezone.now()
    )
    results = submit_all(survey, 20, reservation=reservation, idempotency_key=lambda i: f"k{i}")
    stored = [r for r in results if isinstance(r, Response)]
    assert len(stored) == 1, results
    assert all(isinstance(r, services.AlreadyAnsweredError) for r in results if r not in stored)
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


def test_one_response_per_idempotency_key_whatever_the_taps():
    survey = full_survey()
    results = submit_all(survey, 20, browser_key=lambda i: f"b{i}", idempotency_key="same-key")
    assert len([r for r in results if isinstance(r, Response)]) == 1, results
    assert Response.objects.count() == 1
