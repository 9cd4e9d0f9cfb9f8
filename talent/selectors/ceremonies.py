"""Reads of the joint ceremony's events and registrations."""

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from companies.models import Company

from ..models import CeremonyEvent, CeremonyRegistration


def upcoming_events(now: dt.datetime | None = None) -> QuerySet[CeremonyEvent]:
    return CeremonyEvent.objects.filter(starts_at__gte=now or timezone.now()).order_by(
        "starts_at", "pk"
    )


def open_event(pk: int, now: dt.datetime | None = None) -> CeremonyEvent:
    return get_object_or_404(upcoming_events(now), pk=pk)


def registrations_of(company: Company) -> QuerySet[CeremonyRegistration]:
    return (
        CeremonyRegistration.objects.filter(company=company)
        .select_related("event")
        .order_by("-event__starts_at", "name_kana", "pk")
    )


def registration_of(company: Company, pk: int) -> CeremonyRegistration:
    return get_object_or_404(
        CeremonyRegistration.objects.select_related("event"), company=company, pk=pk
    )


def events_for_staff() -> QuerySet[CeremonyEvent]:
    return CeremonyEvent.objects.order_by("-starts_at", "-pk")


def event_for_staff(pk: int) -> CeremonyEvent:
    return get_object_or_404(CeremonyEvent, pk=pk)


def event_registrations(event: CeremonyEvent) -> QuerySet[CeremonyRegistration]:
    return (
        CeremonyRegistration.objects.filter(event=event)
        .select_related("company")
        .order_by("company__name_kana", "company__name", "name_kana", "pk")
    )


def ceremony_capacity_summary(
    now: dt.datetime | None = None, limit: int = 5
) -> list[CeremonyEvent]:
    """For the staff dashboard: the next events, each with ``seats_taken`` of ``capacity``."""
    return list(upcoming_events(now)[:limit])
