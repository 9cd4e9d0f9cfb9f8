"""The joint entrance ceremony and training: companies register their new hires; city staff
print the list and the name badges and take attendance on the day on a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import add_service_error

from ..errors import TalentError
from ..forms.ceremonies import AttendanceForm, RegistrationForm
from ..policies import can_run_people_programmes
from ..selectors import ceremonies as selectors
from ..selectors.guidance import company_for_people
from ..services import ceremonies as services

PAGE_SIZE = 50


@never_cache
@login_required
def registration_list(request, company):
    company = company_for_people(request.user, company)
    return render(
        request,
        "talent/registration_list.html",
        {
            "company": company,
            "events": list(selectors.upcoming_events()[:20]),
            "page_obj": Paginator(selectors.registrations_of(company), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


@never_cache
@login_required
def registration_create(request, company, event):
    company = company_for_people(request.user, company)
    event = selectors.open_event(event)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                event_id=event.pk, company=company, actor=request.user, **form.cleaned_data
            )
        except TalentError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Registered: %(name)s.") % {"name": registration.name})
            return redirect("talent:registration_list", company=company.slug)
    return render(
        request,
        "talent/registration_form.html",
        {"company": company, "event": event, "form": form},
    )


@never_cache
@login_required
def registration_edit(request, company, pk):
    company = company_for_people(request.user, company)
    registration = selectors.registration_of(company, pk)
    initial = {f: getattr(registration, f) for f in services.REGISTRATION_FIELDS}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_update(registration=registration, **form.cleaned_data)
        except TalentError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": registration.name})
            return redirect("talent:registration_list", company=company.slug)
    return render(
        request,
        "talent/registration_form.html",
        {
            "company": company,
            "event": registration.event,
            "form": form,
            "registration": registration,
        },
    )


@never_cache
@login_required
def registration_delete(request, company, pk):
    company = company_for_people(request.user, company)
    registration = selectors.registration_of(company, pk)
    error = None
    if request.method == "POST":
        try:
            services.registration_delete(registration=registration)
        except TalentError as refused:
            error = refused.message
        else:
            messages.info(request, _("Withdrawn: %(name)s.") % {"name": registration.name})
            return redirect("talent:registration_list", company=company.slug)
    return render(
        request,
        "talent/registration_delete.html",
        {"company": company, "registration": registration, "error": error},
    )


def _staff_event(request, pk):
    if not can_run_people_programmes(request.user):
        raise PermissionDenied
    return selectors.event_for_staff(pk)


def _event_page(template: str):
    """A city staff page of an event and its registrations (the list, the A4 list, badges)."""

    @never_cache
    @login_required
    def view(request, pk):
        event = _staff_event(request, pk)
        return render(
            request,
            template,
            {"event": event, "registrations": list(selectors.event_registrations(event))},
        )

    return view


staff_event = _event_page("talent/staff_event.html")
staff_event_print = _event_page("talent/staff_event_print.html")
staff_event_badges = _event_page("talent/staff_event_badges.html")


@never_cache
@login_required
def staff_attendance(request, pk):
    event = _staff_event(request, pk)
    registrations = list(selectors.event_registrations(event))
    return render(
        request,
        "talent/staff_attendance.html",
        {
            "event": event,
            "registrations": registrations,
            "present": sum(1 for r in registrations if r.attended_at),
        },
    )


@require_POST
@login_required
def staff_attendance_mark(request, pk):
    event = _staff_event(request, pk)
    form = AttendanceForm(request.POST)
    url = reverse("talent:staff_attendance", kwargs={"pk": event.pk})
    if not form.is_valid():
        messages.error(request, _("No such registration at this event."))
        return redirect(url)
    try:
        registration = services.registration_mark_attended(
            event=event,
            registration_id=form.cleaned_data["registration"],
            attended=form.cleaned_data["attended"],
        )
    except TalentError as error:
        messages.error(request, error.message)
        return redirect(url)
    if registration.attended_at:
        messages.success(request, _("Present: %(name)s.") % {"name": registration.name})
    else:
        messages.info(request, _("Undone: %(name)s.") % {"name": registration.name})
    return redirect(f"{url}#registration-{registration.pk}")
