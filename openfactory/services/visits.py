"""A reservation's check-in is its visitor pass's visit to the factory (see passes.py).

Apart from passes.py so that the reception's check-in can call it without a cycle
(passes.py reads the reception's day rule).
"""

import datetime as dt

from django.db import transaction

from ..models import Exhibitor, Reservation, Visit


def visit_of_check_in(reservation: Reservation, now: dt.datetime) -> None:
    """A reservation checked in is its pass's visit to the programme's factory (kept when one
    was recorded already, by the pass code or another programme of the factory)."""
    if reservation.visitor_pass_id is None:
        return
    exhibitor_id = (
        Exhibitor.objects.filter(programmes__slots=reservation.slot_id)
        .values_list("pk", flat=True)
        .get()
    )
    with transaction.atomic():
        Visit.objects.get_or_create(
            visitor_pass_id=reservation.visitor_pass_id,
            exhibitor_id=exhibitor_id,
            defaults={"visited_at": now},
        )


def visit_of_check_in_undo(reservation: Reservation, exhibitor_id: int) -> None:
    """A wrong tap undone: its visit goes too, unless another check-in of the party at the
    factory still stands, or the visit was recorded by hand (by the pass code)."""
    if reservation.visitor_pass_id is None:
        return
    still_in = Reservation.objects.filter(
        visitor_pass_id=reservation.visitor_pass_id,
        slot__programme__exhibitor_id=exhibitor_id,
        status=Reservation.Status.ATTENDED,
    ).exists()
    if not still_in:
        Visit.objects.filter(
            visitor_pass_id=reservation.visitor_pass_id,
            exhibitor_id=exhibitor_id,
            recorded_by__isnull=True,
        ).delete()
