"""Reads of the guidance pages, and of a company's hires and their checklists."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_city_staff
from accounts.types import AnyUser
from companies.models import Company, Membership

from ..models import ChecklistItem, GuidancePage, Hire, HireCheck
from ..policies import can_work_for


def guidance_pages() -> QuerySet[GuidancePage]:
    return GuidancePage.objects.filter(is_published=True).order_by("order", "pk")


def guidance_page(slug: str) -> GuidancePage:
    return get_object_or_404(GuidancePage, slug=slug, is_published=True)


def checklist_items() -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(is_active=True).order_by("order", "pk")


def companies_for_people(user: AnyUser) -> QuerySet[Company]:
    """The companies whose people's pages the user keeps: all for city staff."""
    if is_city_staff(user):
        return Company.objects.order_by("name_kana", "name")
    if not user.is_authenticated:
        return Company.objects.none()
    ids = Membership.objects.filter(user_id=user.pk).values("company_id")
    return Company.objects.filter(pk__in=ids).order_by("name_kana", "name")


def company_for_people(user: AnyUser, slug: str) -> Company:
    """The company of a URL, if the user works for it (or is city staff); else a 404, so
    that another company's pages do not say they exist."""
    company = get_object_or_404(Company, slug=slug)
    if not can_work_for(user, company):
        raise Http404
    return company


def hires_of(company: Company) -> QuerySet[Hire]:
    return (
        Hire.objects.filter(company=company)
        .annotate(ticked=Count("checks", filter=Q(checks__done=True, checks__item__is_active=True)))
        .order_by("-created_at", "-pk")
    )


def hire_of(company: Company, pk: int) -> Hire:
    return get_object_or_404(Hire.objects.select_related("company"), company=company, pk=pk)


def hire_checks(hire: Hire) -> dict[int, HireCheck]:
    return {c.item_id: c for c in HireCheck.objects.filter(hire=hire)}
