"""受付: a company's phone-friendly reception page for its exhibit on an area day.

Check-in by the code (typed, or read by the phone's camera where the browser can) or by a
tap; +1/−1 counters for walk-ins. Visitors' personal data is shown to the company's own
staff and city staff only (policies.can_see_visitors_of).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..errors import ReservationError
from ..forms import CheckInForm, PassForm
from ..models import Reservation
from ..policies import can_correct_reception, can_see_no_show_history
from ..visitor_stats import area_day_visitors
from .passes import HANDOVER, pass_qr, record_visit

PAGE_SIZE = 30


@login_required
def reception_list(request):
    page = Paginator(selectors.reception_exhibitors(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "openfactory/reception_list.html", {"page_obj": page})


def _corrector(request):
    """The user who may correct reception on another day than the area day, else None."""
    return request.user if can_correct_reception(request.user) else None


def _page_url(exhibitor, anchor: str = "") -> str:
    url = reverse("openfactory:reception_detail", kwargs={"pk": exhibitor.pk})
    return f"{url}#{anchor}" if anchor else url


@never_cache
@login_required
def reception_detail(request, pk):
    exhibitor = selectors.reception_exhibitor(request.user, pk)
    programmes = list(
        selectors.reception_programmes(
            exhibitor, with_history=can_see_no_show_history(request.user)
        )
    )
    company_visits = 0
    for programme in programmes:
        programme.checked_in = sum(
            r.party_size
            for s in programme.slots.all()
            for r in s.visitors
            if r.status == Reservation.Status.ATTENDED
        )
        company_visits += programme.walk_ins_today + programme.checked_in
    is_the_day = timezone.localdate() == exhibitor.area_day.date
    may_correct = can_correct_reception(request.user)
    handover = None
    made = request.session.pop(HANDOVER, None)
    if isinstance(made, list) and len(made) == 2 and made[0] == exhibitor.pk:
        handover = selectors.passes_for_tokens([made[1]])
        handover = handover[0] if handover else None
    response = render(
        request,
        "openfactory/reception_detail.html",
        {
            "exhibitor": exhibitor,
            "area_day": exhibitor.area_day,
            "programmes": programmes,
            "company_visits": company_visits,
            "area_day_visits": area_day_visitors(exhibitor),
            "show_history": can_see_no_show_history(request.user),
            "is_the_day": is_the_day,
            "may_correct": may_correct,
            "can_act": is_the_day or may_correct,
            "pass_form": PassForm(),
            "pass_visits": list(selectors.pass_visits_at(exhibitor)),
            "handover": handover,
            "handover_qr": pass_qr(request, handover) if handover else "",
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
@login_required
def reception_check_in(request, pk):
    exhibitor = selectors.reception_exhibitor(request.user, pk)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No such reservation here."))
        return redirect(_page_url(exhibitor))
    data = form.cleaned_data
    if services.is_pass_address(data["code"]):
        # The camera read a visitor pass, not a reservation: its visit is recorded here.
        return record_visit(request, exhibitor, data["code"][:300])
    try:
        reservation = services.reservation_check_in(
            exhibitor_id=exhibitor.pk,
            code=data["code"][:50],
            reservation_id=data["reservation"],
            above_seats=data["above_seats"],
            corrected_by=_corrector(request),
        )
    except ReservationError as error:
        messages.error(request, error.message)
        return redirect(_page_url(exhibitor))
    messages.success(
        request,
        _("Checked in: %(name)s (%(people)d people), %(code)s.")
        % {"name": reservation.name, "people": reservation.party_size, "code": reservation.code},
    )
    return redirect(_page_url(exhibitor, f"slot-{reservation.slot_id}"))


@require_POST
@login_required
def reception_check_in_undo(request, pk):
    exhibitor = selectors.reception_exhibitor(request.user, pk)
    form = CheckInForm(request.POST)
    reservation_id = form.cleaned_data["reservation"] if form.is_valid() else None
    try:
        if reservation_id is None:
            raise ReservationError(_("This visitor is not checked in."))
        reservation = services.reservation_check_in_undo(
            exhibitor_id=exhibitor.pk,
            reservation_id=reservation_id,
            corrected_by=_corrector(request),
        )
    except ReservationError as error:
        messages.error(request, error.message)
        return redirect(_page_url(exhibitor))
    messages.info(request, _("Check-in undone: %(name)s.") % {"name": reservation.name})
    return redirect(_page_url(exhibitor, f"slot-{reservation.slot_id}"))


@require_POST
@login_required
def reception_no_shows(request, pk, slot_id):
    exhibitor = selectors.reception_exhibitor(request.user, pk)
    if not selectors.exhibitor_has_slot(exhibitor, slot_id):
        raise Http404
    try:
        count = services.slot_mark_no_shows(slot_id=slot_id)
    except ReservationError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, _("%(count)d reservations marked as no-shows.") % {"count": count})
    return redirect(_page_url(exhibitor, f"slot-{slot_id}"))


@require_POST
@login_required
def reception_walk_in(request, pk, programme_id):
    exhibitor = selectors.reception_exhibitor(request.user, pk)
    if not selectors.exhibitor_has_programme(exhibitor, programme_id):
        raise Http404
    delta = 1 if request.POST.get("delta") == "1" else -1
    try:
        services.walk_in_add(
            programme_id=programme_id,
            date=exhibitor.area_day.date,
            delta=delta,
            corrected_by=_corrector(request),
        )
    except ReservationError as error:
        messages.error(request, error.message)
    return redirect(_page_url(exhibitor, f"programme-{programme_id}"))
