"""Read queries of the surveys."""

from django.db.models import QuerySet
from django.http import Http404

from ..models import Exhibitor, Reservation
from .models import Question, Response, Survey


def survey_by_key(key: str) -> Survey:
    survey = Survey.objects.select_related("edition", "area_day__area").filter(public_key=key)
    found = survey.first()
    if found is None:
        raise Http404
    return found


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices").order_by("order", "pk"))


def survey_venues(survey: Survey) -> QuerySet[Exhibitor]:
    """The exhibitors a survey is about: its day's, or every day's of its edition."""
    found = Exhibitor.objects.select_related("company", "area_day__area")
    if survey.area_day_id:
        found = found.filter(area_day_id=survey.area_day_id)
    else:
        found = found.filter(area_day__edition_id=survey.edition_id)
    return found.order_by("area_day__date", "order", "company__name_kana", "pk")


def reservation_for_link(reservation_id: int) -> Reservation | None:
    return (
        Reservation.objects.select_related("slot__programme__exhibitor__company")
        .filter(pk=reservation_id)
        .first()
    )


def response_of(survey: Survey, *, reservation=None, browser_key: str = "") -> Response | None:
    if reservation is not None:
        return Response.objects.filter(survey=survey, reservation=reservation).first()
    if browser_key:
        return Response.objects.filter(survey=survey, browser_key=browser_key).first()
    return None
