"""The company's own programme pages: its staff (owners and editors) write the programmes and
time slots of each area day it exhibits on, from a phone. City staff may do the same for any
company. Every page asks policies.can_manage_programmes (through the managed_* selectors); a
programme of another company is a 404.
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.errors import add_service_error

from .. import selectors, services
from ..errors import ProgrammeError
from ..forms import ProgrammeManageForm, SlotManageForm
from ..policies import (
    can_move_reserved_slots,
    can_open_programme_management,
    can_send_announcements,
)

PAGE_SIZE = 20


def _exhibitor_url(exhibitor, anchor: str = "") -> str:
    url = reverse("openfactory:manage_exhibitor", kwargs={"pk": exhibitor.pk})
    return f"{url}#{anchor}" if anchor else url


@login_required
def manage_list(request):
    if not can_open_programme_management(request.user):
        raise Http404
    page = Paginator(selectors.managed_exhibitors(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "openfactory/exhibitor_manage_list.html", {"page_obj": page})


@never_cache
@login_required
def manage_exhibitor(request, pk):
    exhibitor = selectors.managed_exhibitor(request.user, pk)
    page = Paginator(selectors.managed_programmes(exhibitor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "openfactory/exhibitor_manage_detail.html",
        {
            "exhibitor": exhibitor,
            "area_day": exhibitor.area_day,
            "page_obj": page,
            "can_announce": can_send_announcements(request.user),
        },
    )


def _programme_form_page(request, form, exhibitor, programme=None, status=200):
    return render(
        request,
        "openfactory/programme_form.html",
        {
            "form": form,
            "exhibitor": exhibitor,
            "area_day": exhibitor.area_day,
            "programme": programme,
        },
        status=status,
    )


@never_cache
@login_required
def manage_programme_create(request, pk):
    exhibitor = selectors.managed_exhibitor(request.user, pk)
    if request.method != "POST":
        form = ProgrammeManageForm()
        return _programme_form_page(request, form, exhibitor)
    form = ProgrammeManageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            programme = services.programme_create(
                exhibitor=exhibitor,
                data=form.service_data(),
                photo=form.cleaned_data.get("photo_upload"),
            )
        except ProgrammeError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(title)s has been added. Now add its times.") % {"title": programme.title},
            )
            return redirect(_exhibitor_url(exhibitor, f"programme-{programme.pk}"))
    return _programme_form_page(request, form, exhibitor, status=400)


@never_cache
@login_required
def manage_programme_edit(request, pk):
    programme = selectors.managed_programme(request.user, pk)
    exhibitor = programme.exhibitor
    if request.method != "POST":
        form = ProgrammeManageForm(instance=programme)
        return _programme_form_page(request, form, exhibitor, programme)
    # The form works on a copy: a refused change must not show as saved on the page.
    form = ProgrammeManageForm(request.POST, request.FILES, instance=copy.copy(programme))
    if form.is_valid():
        try:
            services.programme_update(
                programme_id=programme.pk,
                data=form.service_data(),
                photo=form.cleaned_data.get("photo_upload"),
                remove_photo=form.cleaned_data.get("remove_photo", False),
            )
        except ProgrammeError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect(_exhibitor_url(exhibitor, f"programme-{programme.pk}"))
    return _programme_form_page(request, form, exhibitor, programme, status=400)


@never_cache
@login_required
def manage_programme_delete(request, pk):
    programme = selectors.managed_programme(request.user, pk)
    exhibitor = programme.exhibitor
    error = None
    if request.method == "POST":
        try:
            services.programme_delete(programme_id=programme.pk)
        except ProgrammeError as refused:
            error = refused.message
        else:
            messages.success(request, _("%(title)s has been deleted.") % {"title": programme.title})
            return redirect(_exhibitor_url(exhibitor))
    held = selectors.held_people(programme.slots.all())
    return render(
        request,
        "openfactory/programme_delete.html",
        {
            "programme": programme,
            "exhibitor": exhibitor,
            "area_day": exhibitor.area_day,
            "held": held,
            "error": error,
        },
        status=409 if error else 200,
    )


def _slot_form_page(request, form, programme, slot=None, status=200):
    return render(
        request,
        "openfactory/slot_form.html",
        {
            "form": form,
            "programme": programme,
            "exhibitor": programme.exhibitor,
            "area_day": programme.exhibitor.area_day,
            "slot": slot,
        },
        status=status,
    )


@never_cache
@login_required
def manage_slot_create(request, pk):
    programme = selectors.managed_programme(request.user, pk)
    area_day = programme.exhibitor.area_day
    if request.method != "POST":
        form = SlotManageForm(area_day=area_day, initial={"starts": area_day.opens_at, "seats": 10})
        return _slot_form_page(request, form, programme)
    form = SlotManageForm(request.POST, area_day=area_day)
    if form.is_valid():
        data = form.cleaned_data
        try:
            slot = services.slot_create(
                programme_id=programme.pk,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                seats=data["seats"],
                reservations_close_at=data["reservations_close_at"],
            )
        except ProgrammeError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The time slot has been added."))
            return redirect(_exhibitor_url(programme.exhibitor, f"slot-{slot.pk}"))
    return _slot_form_page(request, form, programme, status=400)


@never_cache
@login_required
def manage_slot_edit(request, pk):
    slot = selectors.managed_slot(request.user, pk)
    programme = slot.programme
    area_day = programme.exhibitor.area_day
    if request.method != "POST":
        form = SlotManageForm(area_day=area_day, initial=SlotManageForm.initial_for(slot))
        return _slot_form_page(request, form, programme, slot)
    form = SlotManageForm(request.POST, area_day=area_day)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.slot_update(
                slot_id=slot.pk,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                seats=data["seats"],
                reservations_close_at=data["reservations_close_at"],
                may_move_reserved=can_move_reserved_slots(request.user),
            )
        except ProgrammeError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The time slot has been saved."))
            return redirect(_exhibitor_url(programme.exhibitor, f"slot-{slot.pk}"))
    return _slot_form_page(request, form, programme, slot, status=400)


@never_cache
@login_required
def manage_slot_delete(request, pk):
    slot = selectors.managed_slot(request.user, pk)
    programme = slot.programme
    error = None
    if request.method == "POST":
        try:
            services.slot_delete(slot_id=slot.pk)
        except ProgrammeError as refused:
            error = refused.message
        else:
            messages.success(request, _("The time slot has been deleted."))
            return redirect(_exhibitor_url(programme.exhibitor, f"programme-{programme.pk}"))
    return render(
        request,
        "openfactory/slot_delete.html",
        {
            "slot": slot,
            "programme": programme,
            "exhibitor": programme.exhibitor,
            "area_day": programme.exhibitor.area_day,
            "held": selectors.held_people([slot]),
            "error": error,
        },
        status=409 if error else 200,
    )
