"""Reads of the dormitory houses and companies' requests for places."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from companies.models import Company

from ..models import DormitoryRequest, House


def houses_in_use() -> QuerySet[House]:
    return House.objects.filter(is_active=True).order_by("area", "name", "pk")


def requests_of(company: Company) -> QuerySet[DormitoryRequest]:
    return DormitoryRequest.objects.filter(company=company).select_related("house")


def requests_for_staff() -> QuerySet[DormitoryRequest]:
    """Waiting requests first, then the newest."""
    return DormitoryRequest.objects.select_related("company", "house").order_by(
        "-status", "-created_at", "-pk"
    )


def request_for_staff(pk: int) -> DormitoryRequest:
    return get_object_or_404(DormitoryRequest.objects.select_related("company", "house"), pk=pk)


def dormitory_vacancies() -> dict:
    """For the staff dashboard: each house in use with its vacancies, and the totals."""
    houses = list(houses_in_use())
    capacity = sum(h.capacity for h in houses)
    taken = sum(h.places_taken for h in houses)
    pending = DormitoryRequest.objects.filter(status=DormitoryRequest.Status.PENDING).count()
    return {
        "houses": houses,
        "capacity": capacity,
        "taken": taken,
        "vacancies": capacity - taken,
        "pending": pending,
    }
