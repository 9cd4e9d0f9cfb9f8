"""あやせ工場社員寮事業: companies ask for places; city staff allocate or decline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import add_service_error

from ..errors import TalentError
from ..forms.dormitories import AllocateForm, DeclineForm, DormitoryRequestForm
from ..policies import can_run_people_programmes
from ..selectors import ceremonies as ceremony_selectors
from ..selectors import dormitories as selectors
from ..selectors.guidance import company_for_people
from ..services import dormitories as services

PAGE_SIZE = 30


@never_cache
@login_required
def dormitory_requests(request, company):
    company = company_for_people(request.user, company)
    form = DormitoryRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dormitory_request_create(
                company=company, actor=request.user, **form.cleaned_data
            )
        except TalentError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your request is sent to the city."))
            return redirect("talent:dormitory_requests", company=company.slug)
    page = Paginator(selectors.requests_of(company), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/dormitory_requests.html",
        {
            "company": company,
            "form": form,
            "page_obj": page,
            "houses": list(selectors.houses_in_use()),
        },
    )


def _staff(request) -> None:
    if not can_run_people_programmes(request.user):
        raise PermissionDenied


@never_cache
@login_required
def staff_people(request):
    """The minimal staff page that shows the two dashboard blocks of this part of the app."""
    _staff(request)
    return render(
        request,
        "talent/staff_people.html",
        {
            "ceremony_events": ceremony_selectors.ceremony_capacity_summary(),
            "dormitories": selectors.dormitory_vacancies(),
        },
    )


@never_cache
@login_required
def staff_dormitory_list(request):
    _staff(request)
    page = Paginator(selectors.requests_for_staff(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "talent/staff_dormitory_list.html", {"page_obj": page})


def _detail(request, dormitory_request, allocate_form=None, decline_form=None):
    houses = selectors.houses_in_use()
    return render(
        request,
        "talent/staff_dormitory_detail.html",
        {
            "dormitory_request": dormitory_request,
            "allocate_form": allocate_form
            or AllocateForm(houses=houses, initial={"places": dormitory_request.places}),
            "decline_form": decline_form or DeclineForm(),
        },
    )


@never_cache
@login_required
def staff_dormitory_detail(request, pk):
    _staff(request)
    return _detail(request, selectors.request_for_staff(pk))


@require_POST
@login_required
def staff_dormitory_allocate(request, pk):
    _staff(request)
    dormitory_request = selectors.request_for_staff(pk)
    form = AllocateForm(request.POST, houses=selectors.houses_in_use())
    if form.is_valid():
        try:
            services.dormitory_request_allocate(
                request_id=dormitory_request.pk,
                house_id=form.cleaned_data["house"].pk,
                places=form.cleaned_data["places"],
                actor=request.user,
            )
        except TalentError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Places allocated; the company is mailed."))
            return redirect("talent:staff_dormitory_detail", pk=dormitory_request.pk)
    return _detail(request, dormitory_request, allocate_form=form)


@require_POST
@login_required
def staff_dormitory_decline(request, pk):
    _staff(request)
    dormitory_request = selectors.request_for_staff(pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.dormitory_request_decline(
                request_id=dormitory_request.pk,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except TalentError as error:
            add_service_error(form, error)
        else:
            messages.info(request, _("The request is declined; the company is mailed."))
            return redirect("talent:staff_dormitory_detail", pk=dormitory_request.pk)
    return _detail(request, dormitory_request, decline_form=form)
