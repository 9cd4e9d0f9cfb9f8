"""Reads of the schemes and their forms."""

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import FormField, Scheme
from ..models.applications import Status


def schemes_catalogue() -> QuerySet[Scheme]:
    return Scheme.objects.order_by("order", "pk")


def scheme_by_slug(slug: str) -> Scheme:
    return get_object_or_404(Scheme, slug=slug)


def scheme_fields(scheme: Scheme) -> list[FormField]:
    return list(scheme.fields.order_by("order", "pk"))


def open_schemes_with_deadlines() -> QuerySet[Scheme]:
    """Open schemes whose period has not ended, the nearest deadline first, with counts of
    the drafts companies hold and the applications waiting for city staff."""
    today = timezone.localdate()
    return (
        Scheme.objects.filter(status=Scheme.Status.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .annotate(
            drafts=Count("applications", filter=Q(applications__status=Status.DRAFT)),
            waiting=Count(
                "applications",
                filter=Q(applications__status__in=[Status.SUBMITTED, Status.IN_REVIEW]),
            ),
        )
        .order_by(F("closes_on").asc(nulls_last=True), "order", "pk")
    )
