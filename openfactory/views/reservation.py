"""Reserving: the form, a confirm step, the reservation's own page (its secret link) and a
signed-in visitor's list. Thin: reads through selectors, writes through services."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import add_service_error

from .. import calendar as event_calendar
from .. import ratelimit, selectors, services
from ..errors import ReservationError, SlotFullError
from ..forms import ReservationForm
from ..qr import qr_svg_data_uri
from ..services.rules import rules_check
from .public import PAGE_SIZE


def _rate_limited(request):
    return ratelimit.refused(request, "openfactory/rate_limited.html")


# The ids of the reservations made or opened (with the mailed link) in this browser: what
# the visitor has shown to be theirs. Kept in the session, the most recent few.
_REMEMBERED = "openfactory_reservations"
_REMEMBER_AT_MOST = 50


def _remembered(request) -> list[int]:
    ids = request.session.get(_REMEMBERED, [])
    return [pk for pk in ids if isinstance(pk, int)] if isinstance(ids, list) else []


def _remember(request, reservation) -> None:
    ids = [pk for pk in _remembered(request) if pk != reservation.pk] + [reservation.pk]
    if ids != request.session.get(_REMEMBERED):
        request.session[_REMEMBERED] = ids[-_REMEMBER_AT_MOST:]


def _visitor(request) -> dict:
    """Who is reserving, for the rules on what they may be told of an address's reservations."""
    return {"user": request.user, "remembered_ids": _remembered(request)}


def _reservation_kwargs(request, slot, data) -> dict:
    return {
        "slot_id": slot.pk,
        "name": data["name"],
        "name_kana": data["name_kana"],
        "email": data["email"],
        "phone": data["phone"],
        "adults": data["adults"],
        "children": data["children"],
        "accessibility_needs": data["accessibility_needs"],
        "heard_from": data["heard_from"],
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "idempotency_key": data["idempotency_key"],
        "join_waitlist": data["join_waitlist"],
        "rules_accepted": data["rules_read"],
        **_visitor(request),
    }


def _form_with_a_new_key(request, slot, message: str) -> ReservationForm:
    """The form as sent with a fresh idempotency key (a hidden field the visitor cannot fix)."""
    data = request.POST.copy()
    data["idempotency_key"] = uuid.uuid4().hex
    form = ReservationForm(data, slot=slot)
    form.is_valid()
    form.add_error(None, message)
    return form


def _form_carried_over(request, slot) -> ReservationForm:
    """An unbound form holding what the visitor typed on another time's form."""
    initial = {name: request.POST.get(name) for name in ReservationForm.base_fields}
    initial["idempotency_key"] = uuid.uuid4().hex
    return ReservationForm(slot=slot, initial={k: v for k, v in initial.items() if v})


@never_cache
def reservation_new(request, slot_id):
    """Form, then a confirm step (overlaps and a full slot are told there), then reserve."""
    slot = selectors.slot_for_reservation(request.user, slot_id)
    context = {
        "slot": slot,
        "programme": slot.programme,
        "area_day": slot.programme.exhibitor.area_day,
        "edition": slot.programme.exhibitor.area_day.edition,
    }
    closed = None
    try:
        services.slot_check_open(slot=slot)
    except ReservationError as error:
        closed = error.message
    context["closed"] = closed
    context["rules_to_read"] = selectors.rules_to_read(slot.programme)

    # The other times are read only for a page that shows them, not for a reservation made.
    def form_page(status=400):
        if not closed and not slot.awaits_draw and not slot.seats_left:
            # Told on the form already that this time is full: the other times with seats.
            context["other_slots"] = selectors.other_open_slots(slot)
        # A blank form's fields are the same markup for every visitor of the programme (in
        # one language): kept in the cache, they are rendered once, not on each visitor's
        # form (crispy-forms' templates were half of the form page's time in the rush).
        context["keep_fields_for"] = settings.PAGE_CACHE_SECONDS if context["form"].is_blank else 0
        return render(request, "openfactory/reservation_form.html", context, status=status)

    def confirm_page(status=200):
        if context["full"]:  # the other times with seats for this party
            party_size = data["adults"] + data["children"]
            context["other_slots"] = selectors.other_open_slots(slot, party_size=party_size)
        return render(request, "openfactory/reservation_confirm.html", context, status=status)

    if request.method != "POST":
        initial = {"idempotency_key": uuid.uuid4().hex}
        if request.user.is_authenticated:
            initial.update(email=request.user.email, name=getattr(request.user, "name", ""))
        context["form"] = ReservationForm(slot=slot, initial=initial)
        return form_page(status=200)

    if ratelimit.too_many(request, "reserve"):
        return _rate_limited(request)
    form = ReservationForm(request.POST, slot=slot)
    context["form"] = form

    if closed:
        form.is_valid()
        return form_page()
    if not form.is_valid():
        if "switch" in request.POST:
            # Sent here from another time of the programme with what was typed there, perhaps
            # not all of it yet: carried over as it was, not judged.
            context["form"] = _form_carried_over(request, slot)
            return form_page(status=200)
        if "idempotency_key" in form.errors:
            context["form"] = _form_with_a_new_key(
                request, slot, _("Please check your details and send the form again.")
            )
        return form_page()
    if "back" in request.POST:
        return form_page(status=200)
    data = form.cleaned_data
    final = "reserve" in request.POST
    try:
        preview = services.reservation_preview(
            slot=slot,
            email=data["email"],
            adults=data["adults"],
            children=data["children"],
            check=not final,
            **_visitor(request),
        )
    except ReservationError as error:
        add_service_error(form, error)
        return form_page()
    context.update(overlaps=preview.overlaps, full=preview.full)
    if not final or (preview.overlaps and not data["overlap_ok"]):
        return confirm_page()
    try:
        rules_check(slot=slot, accepted=data["rules_read"])
    except ReservationError as error:
        add_service_error(form, error)  # beside the box; the details stay in the hidden fields
        return confirm_page(status=400)
    try:
        if not data["join_waitlist"]:
            services.reservation_seats_check(
                slot=slot,
                email=data["email"],
                adults=data["adults"],
                children=data["children"],
                idempotency_key=data["idempotency_key"],
            )
        reservation = services.reservation_create(**_reservation_kwargs(request, slot, data))
    except SlotFullError as error:
        context.update(full=True, full_message=error.message)
        return confirm_page(status=409)
    except ReservationError as error:
        if error.code == "key_used":
            context["form"] = _form_with_a_new_key(request, slot, error.message)
        else:
            add_service_error(form, error)
        return form_page()
    _remember(request, reservation)
    messages.success(request, _status_message(reservation))
    return redirect(reservation.get_absolute_url())


def _status_message(reservation) -> str:
    status = reservation.Status
    return {
        status.CONFIRMED: _("Your reservation is confirmed. We have sent a mail to %(email)s."),
        status.WAITLISTED: _("You are on the waitlist. We have sent a mail to %(email)s."),
        status.APPLIED: _("Your lottery entry is received. We have sent a mail to %(email)s."),
    }.get(reservation.status, "%(email)s") % {"email": reservation.email}


@never_cache
def reservation_detail(request, token):
    reservation = selectors.reservation_for_token(token)
    _remember(request, reservation)  # the mailed link opened here: the visitor's own
    response = render(
        request,
        "openfactory/reservation_detail.html",
        {
            "reservation": reservation,
            "slot": reservation.slot,
            "programme": reservation.slot.programme,
            "area_day": reservation.slot.programme.exhibitor.area_day,
            "qr": qr_svg_data_uri(reservation.code),
            "google_calendar_url": event_calendar.google_calendar_url(reservation),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def reservation_calendar(request, token):
    """The reservation as an .ics file: found by the same secret token as its page, and
    answered a 404 for a token that is not one (never by id)."""
    reservation = selectors.reservation_for_token(token)
    response = HttpResponse(
        event_calendar.reservation_calendar(reservation).to_ical(),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="openfactory-{reservation.slot.starts_at:%Y%m%d}.ics"'
    )
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_POST
def reservation_cancel(request, token):
    reservation = selectors.reservation_for_token(token)
    if ratelimit.too_many(request, "cancel"):
        return _rate_limited(request)
    try:
        services.reservation_cancel(token=reservation.token)
    except ReservationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your reservation has been cancelled."))
    return redirect(reservation.get_absolute_url())


@login_required
def my_reservations(request):
    page = Paginator(selectors.reservations_of_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "openfactory/reservation_list.html", {"page_obj": page})
