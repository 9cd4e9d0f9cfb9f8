import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import ratelimit, selectors, services
from .forms import ProgrammeFilterForm, ReservationForm
from .policies import (
    can_open_programme_management,
    can_open_reception,
    can_see_statistics_dashboard,
    can_send_announcements,
)
from .qr import qr_svg_data_uri
from .services import ReservationError, SlotFullError

PAGE_SIZE = 20


def index(request):
    # One edition a year: read in one query (a century is a hundred short rows), shown a
    # page at a time like every list.
    editions = list(selectors.edition_list(request.user))
    current = editions[0] if editions else None
    area_days = list(selectors.area_days_of(current)) if current else []
    past = Paginator(editions[1:], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "openfactory/index.html",
        {
            "current": current,
            "area_days": area_days,
            "page_obj": past,
            "show_reception": can_open_reception(request.user),
            "show_manage": can_open_programme_management(request.user),
            "show_dashboard": can_see_statistics_dashboard(request.user),
            "show_announcements": can_send_announcements(request.user),
        },
    )


def privacy(request):
    return render(
        request,
        "openfactory/privacy.html",
        {
            "retention_days": settings.OPENFACTORY_RETENTION_DAYS,
            "per_day_limit": settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY,
        },
    )


def edition_detail(request, year):
    edition = selectors.edition_for_page(request.user, year)
    return render(
        request,
        "openfactory/edition_detail.html",
        {
            "edition": edition,
            "area_days": selectors.area_days_of(edition),
            "page_url": settings.SITE_URL + request.path,
        },
    )


def programme_list(request, year):
    edition = selectors.edition_for_page(request.user, year)
    area_days = list(selectors.area_days_of(edition))
    form = ProgrammeFilterForm(request.GET or None, area_days=area_days)
    filters = form.filters() if request.GET else ProgrammeFilterForm.empty_filters()
    programmes = selectors.programme_search(edition, **filters)
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "openfactory/programme_list.html",
        {
            "edition": edition,
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "filtered": any(filters.values()),
        },
    )


def areaday_detail(request, year, area):
    area_day = selectors.areaday_for_page(request.user, year, area)
    page = Paginator(selectors.exhibitors_of(area_day), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "openfactory/areaday_detail.html",
        {
            "area_day": area_day,
            "edition": area_day.edition,
            "page_obj": page,
            "can_announce": can_send_announcements(request.user),
        },
    )


def programme_detail(request, pk):
    programme = selectors.programme_for_page(request.user, pk)
    now = timezone.now()
    slots = list(selectors.slots_of(programme))
    edition = programme.exhibitor.area_day.edition
    drawing = programme.is_lottery and now >= programme.lottery_closes_at
    for slot in slots:
        slot.is_open = (
            edition.is_open and not slot.is_closed(now) and not (drawing and slot.drawn_at is None)
        )
    return render(
        request,
        "openfactory/programme_detail.html",
        {
            "programme": programme,
            "exhibitor": programme.exhibitor,
            "area_day": programme.exhibitor.area_day,
            "edition": edition,
            "slots": slots,
        },
    )


def _rate_limited(request):
    response = render(request, "openfactory/rate_limited.html", status=429)
    response["Retry-After"] = str(settings.OPENFACTORY_RATE_WINDOW)
    return response


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

    if request.method != "POST":
        initial = {"idempotency_key": uuid.uuid4().hex}
        if request.user.is_authenticated:
            initial.update(email=request.user.email, name=getattr(request.user, "name", ""))
        context["form"] = ReservationForm(slot=slot, initial=initial)
        return render(request, "openfactory/reservation_form.html", context)

    if ratelimit.too_many(request, "reserve"):
        return _rate_limited(request)
    form = ReservationForm(request.POST, slot=slot)
    context["form"] = form

    def form_page(status=400):
        return render(request, "openfactory/reservation_form.html", context, status=status)

    if closed:
        form.is_valid()
        return form_page()
    if not form.is_valid():
        if "idempotency_key" in form.errors:
            context["form"] = _form_with_a_new_key(
                request, slot, _("Please check your details and send the form again.")
            )
        return form_page()
    if "back" in request.POST:
        return form_page(status=200)
    data = form.cleaned_data
    final = "reserve" in request.POST
    if not final:
        try:
            services.reservation_precheck(
                slot=slot,
                email=data["email"],
                adults=data["adults"],
                children=data["children"],
                **_visitor(request),
            )
        except ReservationError as error:
            form.add_error(error.field, error.message)
            return form_page()

    overlaps = list(
        selectors.overlapping_reservations(email=data["email"], slot=slot, **_visitor(request))
    )
    full = (
        slot.programme.takes_reservations
        and not (slot.programme.is_lottery and slot.drawn_at is None)
        and slot.seats_left < data["adults"] + data["children"]
    )
    context.update(overlaps=overlaps, full=full)

    def confirm_page(status=200):
        return render(request, "openfactory/reservation_confirm.html", context, status=status)

    if not final or (overlaps and not data["overlap_ok"]):
        return confirm_page()
    try:
        reservation = services.reservation_create(**_reservation_kwargs(request, slot, data))
    except SlotFullError as error:
        context.update(full=True, full_message=error.message)
        return confirm_page(status=409)
    except ReservationError as error:
        if error.code == "key_used":
            context["form"] = _form_with_a_new_key(request, slot, error.message)
        else:
            form.add_error(error.field, error.message)
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
        },
    )
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
