"""来場パス: make a party's pass (with its reservation, at reception, or from a factory's
poster) and record its visits to factories.

A visit is recorded once per pass and factory (the database says so too), on the area day
only: the rule of the reception's counts (reception._check_reception_day), so that nothing
recorded weeks before reaches the statistics; city staff correct on another day.
"""

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from japanese.text import digits_only, normalize

from .. import selectors
from ..errors import PassError, ReservationError
from ..models import Exhibitor, Residence, Visit, VisitorPass
from . import reception

MAX_PEOPLE = 20

# What the reception's camera reads from a pass's QR code: the pass page's address.
_PASS_URL = re.compile(r"/passes/([A-Za-z0-9_-]{20,64})/?")


def residence_band(postcode: str) -> str:
    """市内・県内・県外 of a postcode, the only thing of it that is kept ("" when none given).

    Ayase city's postcodes are 252-11xx; Kanagawa's run from 210-0000 to 259-9999 (Japan
    Post gives each prefecture whole three-digit ranges, and Kanagawa's are 210–259). 全角
    digits, hyphens and a leading 〒 are accepted; anything but seven digits is refused.
    """
    text = normalize(postcode).replace("〒", "")
    if not text:
        return ""
    digits = digits_only(text)
    if len(digits) != 7 or re.sub(r"[\d\s\-‐－ー−]", "", text):
        raise PassError(
            _("Enter a postal code of 7 digits, for example 252-1192, or leave it blank."),
            field="postcode",
            code="postcode",
        )
    if digits.startswith("25211"):
        return Residence.CITY
    if 210 <= int(digits[:3]) <= 259:
        return Residence.PREFECTURE
    return Residence.OUTSIDE


def _party_check(adults: int, children: int) -> None:
    if adults < 0 or children < 0 or adults + children < 1:
        raise PassError(_("A party has at least one person."), field="adults", code="party")
    if adults > MAX_PEOPLE or children > MAX_PEOPLE:
        raise PassError(
            _("At most %(n)d adults and %(n)d children.") % {"n": MAX_PEOPLE},
            field="adults",
            code="party",
        )


def _exhibitor(exhibitor_id: int) -> Exhibitor:
    return Exhibitor.objects.select_related("area_day", "company").get(pk=exhibitor_id)


def _add_visit(
    visitor_pass: VisitorPass, exhibitor: Exhibitor, now: dt.datetime, by: User | None
) -> Visit:
    earlier = Visit.objects.filter(visitor_pass=visitor_pass, exhibitor=exhibitor).first()
    if earlier is not None:
        raise PassError(
            _("The visit of pass %(code)s was recorded here already at %(time)s.")
            % {
                "code": visitor_pass.code,
                "time": timezone.localtime(earlier.visited_at).strftime("%H:%M"),
            },
            code="already",
        )
    try:
        with transaction.atomic():
            return Visit.objects.create(
                visitor_pass=visitor_pass, exhibitor=exhibitor, visited_at=now, recorded_by=by
            )
    except IntegrityError:  # two phones at once: the other one recorded it
        raise PassError(
            _("The visit of pass %(code)s was recorded here already.")
            % {"code": visitor_pass.code},
            code="already",
        ) from None


def _check_day(exhibitor: Exhibitor, now: dt.datetime, corrected_by: User | None) -> None:
    try:
        reception._check_reception_day(exhibitor.area_day.date, now, corrected_by)
    except ReservationError as error:
        raise PassError(error.message, code=error.code) from None


@transaction.atomic
def pass_create(
    *,
    edition_id: int,
    adults: int,
    children: int,
    postcode: str = "",
    exhibitor_id: int | None = None,
    created_by: User | None = None,
    corrected_by: User | None = None,
    now: dt.datetime | None = None,
) -> VisitorPass:
    """A party's pass; made at a factory (``exhibitor_id``: its reception or its poster), its
    visit there is recorded with it, on the area day only (city staff, ``corrected_by``,
    correct on another day)."""
    now = now or timezone.now()
    _party_check(adults, children)
    residence = residence_band(postcode)
    exhibitor = None
    if exhibitor_id is not None:
        exhibitor = _exhibitor(exhibitor_id)
        if exhibitor.area_day.edition_id != edition_id:
            raise PassError(_("This factory is not in this edition."), code="edition")
        _check_day(exhibitor, now, corrected_by)
    visitor_pass = VisitorPass.objects.create(
        edition_id=edition_id,
        adults=adults,
        children=children,
        residence=residence,
        created_by=created_by,
    )
    if exhibitor is not None:
        _add_visit(visitor_pass, exhibitor, now, created_by)
    return visitor_pass


def is_pass_address(value: str) -> bool:
    """Whether what the reception's camera read is a pass page's address (not a reservation's
    check-in code): the check-in form then records the pass's visit instead."""
    return bool(_PASS_URL.search(value or ""))


def _find_pass(value: str, edition_id: int) -> VisitorPass:
    found = _PASS_URL.search(value or "")
    passes = VisitorPass.objects.filter(edition_id=edition_id)
    if found:
        visitor_pass = passes.filter(token=found[1]).first()
        wanted = _("(the scanned pass)")
    else:
        wanted = reception.normalize_code(value or "")[:20]
        if not wanted:
            raise PassError(_("Enter the pass code."), field="pass_code", code="empty")
        visitor_pass = passes.filter(code=wanted).first()
    if visitor_pass is None:
        raise PassError(
            _("No visitor pass of this edition has the code %(code)s. Check it with the visitor.")
            % {"code": wanted},
            field="pass_code",
            code="unknown",
        )
    return visitor_pass


@transaction.atomic
def visit_record(
    *,
    exhibitor_id: int,
    code: str,
    recorded_by: User | None = None,
    corrected_by: User | None = None,
    now: dt.datetime | None = None,
) -> Visit:
    """Record a party's visit at a factory's reception by its pass code (typed) or its pass
    page's QR code (scanned), once per factory, on the area day."""
    now = now or timezone.now()
    exhibitor = _exhibitor(exhibitor_id)
    _check_day(exhibitor, now, corrected_by)
    visitor_pass = _find_pass(code, exhibitor.area_day.edition_id)
    return _add_visit(visitor_pass, exhibitor, now, recorded_by)


def pass_for_reservation(
    *,
    edition_id: int,
    held: list[selectors.AddressReservation],
    email: str,
    adults: int,
    children: int,
) -> int:
    """The id of the party's pass for a new reservation (inside its transaction): the pass of
    an earlier reservation of the same address in this edition (among ``held``, read by
    selectors.address_reservations), else of a new one."""
    for row in held:
        if row.email == email and row.visitor_pass_id is not None:
            return row.visitor_pass_id
    return VisitorPass.objects.create(
        edition_id=edition_id, adults=min(adults, MAX_PEOPLE), children=min(children, MAX_PEOPLE)
    ).pk
