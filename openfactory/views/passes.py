"""来場パス: the pass page (its secret link), a factory's poster page where a walk-in party
gets its pass, and the reception's two buttons (a new pass, a visit by the pass code).

The passes a browser opened are remembered in its session, so that a visitor who comes back
to the site finds theirs again (the open factory's front page lists them).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import add_service_error

from .. import ratelimit, selectors, services
from ..errors import PassError
from ..forms import PassForm, PassVisitForm
from ..policies import can_correct_reception
from ..qr import qr_svg_data_uri
from .public import _PASSES, remembered_passes

_REMEMBER_AT_MOST = 10
# The pass reception has just made, shown once on its page for the visitor to scan.
HANDOVER = "openfactory_pass_handover"


def _remember(request, visitor_pass) -> None:
    tokens = [t for t in remembered_passes(request) if t != visitor_pass.token]
    tokens.append(visitor_pass.token)
    if tokens != request.session.get(_PASSES):
        request.session[_PASSES] = tokens[-_REMEMBER_AT_MOST:]


def pass_qr(request, visitor_pass) -> str:
    """The QR code of the pass page's address: the visitor's phone opens it, the reception's
    camera reads the pass from it."""
    return qr_svg_data_uri(request.build_absolute_uri(visitor_pass.get_absolute_url()))


@never_cache
def pass_detail(request, token):
    visitor_pass = selectors.pass_for_token(token)
    _remember(request, visitor_pass)
    stamps = list(visitor_pass.stamps.all())
    visits = list(visitor_pass.visits.all())
    progress = selectors.stamp_progress(visitor_pass, stamps, visits)
    draw = selectors.prize_draw_result(visitor_pass, progress, stamps)
    response = render(
        request,
        "openfactory/pass_detail.html",
        {
            "visitor_pass": visitor_pass,
            "visits": visits,
            "stamps": stamps,
            "progress": progress,
            "draw": draw,
            "instructions": (
                draw.draw.instructions_in(get_language() or "ja")
                if draw and draw.state == "won" and draw.draw
                else ""
            ),
            "qr": pass_qr(request, visitor_pass),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def rate_limited(request):
    """The page of a visitor who made too many passes or answers from one address."""
    return ratelimit.refused(request, "openfactory/pass_rate_limited.html")


@never_cache
def pass_at_factory(request, pk):
    """The factory's poster URL: a walk-in party makes its pass here, and its visit here is
    recorded with it (on the area day)."""
    exhibitor = selectors.poster_exhibitor(pk)
    area_day = exhibitor.area_day
    held = [
        p
        for p in selectors.passes_for_tokens(remembered_passes(request))
        if p.edition_id == area_day.edition_id
    ]
    form = PassForm()
    status = 200
    if request.method == "POST":
        if ratelimit.too_many(request, "pass"):
            return rate_limited(request)
        form = PassForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                visitor_pass = services.pass_create(
                    edition_id=area_day.edition_id,
                    exhibitor_id=exhibitor.pk,
                    adults=data["adults"],
                    children=data["children"],
                    postcode=data["postcode"],
                )
            except PassError as error:
                add_service_error(form, error)
            else:
                _remember(request, visitor_pass)
                messages.success(
                    request,
                    _("Here is your visitor pass. Show it at the reception of each factory."),
                )
                return redirect(visitor_pass.get_absolute_url())
    response = render(
        request,
        "openfactory/pass_new.html",
        {
            "exhibitor": exhibitor,
            "area_day": area_day,
            "form": form,
            "held": held,
            "is_the_day": timezone.localdate() == area_day.date,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- At the reception ---------------------------------------------------------------------


def _corrector(request):
    return request.user if can_correct_reception(request.user) else None


def _reception(exhibitor, anchor: str = "passes") -> str:
    return reverse("openfactory:reception_detail", kwargs={"pk": exhibitor.pk}) + f"#{anchor}"


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Please check the form.")


@require_POST
@login_required
def reception_pass_new(request, pk):
    """A walk-in party's pass, made by reception in a tap; its visit here comes with it."""
    exhibitor = selectors.reception_exhibitor(request.user, pk)
    form = PassForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(_reception(exhibitor))
    data = form.cleaned_data
    try:
        visitor_pass = services.pass_create(
            edition_id=exhibitor.area_day.edition_id,
            exhibitor_id=exhibitor.pk,
            adults=data["adults"],
            children=data["children"],
            postcode=data["postcode"],
            created_by=request.user,
            corrected_by=_corrector(request),
        )
    except PassError as error:
        messages.error(request, error.message)
        return redirect(_reception(exhibitor))
    request.session[HANDOVER] = [exhibitor.pk, visitor_pass.token]
    messages.success(
        request,
        _(
            "Pass %(code)s made for %(people)d people, and their visit here recorded. Let "
            "them scan the QR code below to keep the pass on their phone."
        )
        % {"code": visitor_pass.code, "people": visitor_pass.party_size},
    )
    return redirect(_reception(exhibitor, "pass-handover"))


@require_POST
@login_required
def reception_pass_visit(request, pk):
    """A party's visit here, by its pass code (typed) or its pass's QR code (scanned)."""
    exhibitor = selectors.reception_exhibitor(request.user, pk)
    form = PassVisitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the pass code."))
        return redirect(_reception(exhibitor))
    return record_visit(request, exhibitor, form.cleaned_data["pass_code"])


def record_visit(request, exhibitor, code: str):
    """Record the visit and go back to the reception page, saying what happened (also for a
    pass read by the camera into the check-in form, views.reception.reception_check_in)."""
    try:
        visit = services.visit_record(
            exhibitor_id=exhibitor.pk,
            code=code,
            recorded_by=request.user,
            corrected_by=_corrector(request),
        )
    except PassError as error:
        messages.error(request, error.message)
        return redirect(_reception(exhibitor))
    messages.success(
        request,
        _("Visit recorded: pass %(code)s (%(people)d people).")
        % {"code": visit.visitor_pass.code, "people": visit.visitor_pass.party_size},
    )
    return redirect(_reception(exhibitor))
