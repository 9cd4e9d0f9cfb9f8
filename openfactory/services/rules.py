"""Visitor rules and accessibility: the rules a visitor must have read to reserve, and the
accessibility facts a company (or city staff) tells of its factory."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from .. import selectors
from ..errors import ReservationError
from ..models import Exhibitor, ExhibitorAccessibility, Slot

ACCESSIBILITY_FIELDS = (
    *ExhibitorAccessibility.FACTS,
    "quiet_hours",
    "note",
    "note_en",
)


def rules_check(*, slot: Slot, accepted: bool) -> None:
    """Refuse to reserve when the edition or the programme has rules the visitor has not
    ticked as read."""
    if not accepted and selectors.rules_to_read(slot.programme):
        raise ReservationError(
            _("Please read the visitor rules and tick that you have read them."),
            field="rules_read",
            code="rules",
        )


def accessibility_save(*, exhibitor: Exhibitor, data: dict[str, Any]) -> ExhibitorAccessibility:
    """Keep what the form says of the exhibitor's accessibility (one row per exhibitor)."""
    with transaction.atomic():
        accessibility, _created = ExhibitorAccessibility.objects.update_or_create(
            exhibitor=exhibitor, defaults={name: data[name] for name in ACCESSIBILITY_FIELDS}
        )
    return accessibility
