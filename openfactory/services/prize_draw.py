"""The stamp rally's prize draw (issue 15, item 3): once per edition, after its last area day.

Fair and recorded, as the reservation lottery: the entrants are the passes with at least the
edition's ``stamps_for_draw`` stamps in all, or with at least an area day's own
``stamps_for_draw`` stamps from that day's factories (a small area with fewer factories may ask
for fewer); they are taken in ascending id order and shuffled with ``random.Random(seed)``; the
seed comes from ``secrets`` (nobody can choose or foresee it) and is stored with the draw, so
that anyone can draw again with it and get the same winners. The area days' numbers used are
written in the draw's admin history. Passes have no address to mail: winners learn it on their
pass page.
"""

import datetime as dt
import operator
import random
import secrets
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.page_cache import pages_changed
from japanese.dates import format_date
from japanese.text import normalize_multiline

from ..errors import PrizeDrawError
from ..models import AreaDay, Edition, PrizeDraw, PrizeWinner, VisitorPass

SEED_LIMIT = 2**64


@dataclass(frozen=True)
class PrizeDrawTerms:
    """What enters a pass in an edition's draw: ``stamps`` in all (the edition's number, None
    when it has none), or, for one of ``days`` (area days with their own number), that many
    stamps from the day's factories."""

    stamps: int | None
    days: list[tuple[AreaDay, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.stamps or self.days)

    def describe(self) -> str:
        """The terms in words, for the admin: the history of the draw and its messages."""
        parts = []
        if self.stamps:
            parts.append(_("%(count)d stamps or more in all") % {"count": self.stamps})
        for area_day, count in self.days:
            parts.append(
                _("%(count)d stamps or more at %(area_day)s (area day %(pk)d)")
                % {"count": count, "area_day": area_day, "pk": area_day.pk}
            )
        return _(" or ").join(parts)


def prize_draw_terms(edition: Edition) -> PrizeDrawTerms:
    """The edition's number as it is on ``edition``, and its area days' own numbers (one
    query), by date."""
    days = [
        (area_day, area_day.stamps_for_draw)
        for area_day in AreaDay.objects.filter(edition=edition, stamps_for_draw__gte=1)
        .select_related("area")
        .order_by("date", "area__order", "pk")
        if area_day.stamps_for_draw
    ]
    return PrizeDrawTerms(edition.stamps_for_draw or None, days)


def prize_draw_entrants(edition: Edition, terms: PrizeDrawTerms | None = None) -> list[int]:
    """The ids of the edition's passes that meet ``terms`` (by default the edition's now),
    ascending. One query whatever the passes (two when the terms are read): each pass's stamps
    are counted in all and per area day with a number, in the same grouped query."""
    if terms is None:
        terms = prize_draw_terms(edition)
    if not terms:
        return []
    counts = {}
    enough = []
    if terms.stamps:
        counts["stamps_in_all"] = Count("stamps")
        enough.append(Q(stamps_in_all__gte=terms.stamps))
    for area_day, needed in terms.days:
        name = f"stamps_on_day_{area_day.pk}"
        counts[name] = Count("stamps", filter=Q(stamps__exhibitor__area_day=area_day.pk))
        enough.append(Q(**{f"{name}__gte": needed}))
    return list(
        VisitorPass.objects.filter(edition=edition)
        .annotate(**counts)
        .filter(reduce(operator.or_, enough))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def prize_draw_order(entrants: list[int], seed: int) -> list[int]:
    """The entrants in the order ``seed`` draws them: the same seed, the same order."""
    order = sorted(entrants)
    # Not for secrecy: the seed is secret until drawn (secrets.randbits), and is published
    # afterwards so that the draw can be checked; a seeded generator is what makes it so.
    random.Random(seed).shuffle(order)  # noqa: S311
    return order


def prize_draw_check(
    edition: Edition, *, now: dt.datetime | None = None
) -> tuple[list[int], PrizeDrawTerms]:
    """The entrants of a draw the edition may have now, and its terms; otherwise a
    PrizeDrawError saying why."""
    drawn = PrizeDraw.objects.filter(edition=edition).first()
    if drawn is not None:
        raise PrizeDrawError(
            _("The prizes of this edition were drawn already (%(date)s). Nothing was changed.")
            % {"date": _date(timezone.localdate(drawn.drawn_at))},
            code="already",
        )
    terms = prize_draw_terms(edition)
    if not terms:
        raise PrizeDrawError(
            _(
                "This edition has no prize draw: set the stamps for the prize draw of the "
                "edition or of one of its area days first."
            ),
            code="no_draw",
        )
    dates = list(edition.area_days.values_list("date", flat=True))
    today = timezone.localdate(now or timezone.now())
    if not dates or max(dates) >= today:
        raise PrizeDrawError(
            _("The prizes are drawn after the last area day is over (from the day after it)."),
            code="not_over",
        )
    entrants = prize_draw_entrants(edition, terms)
    if not entrants:
        raise PrizeDrawError(
            _("No visitor pass has enough stamps (%(terms)s): there is no one to draw.")
            % {"terms": terms.describe()},
            code="no_entrants",
        )
    return entrants, terms


def prize_draw(
    *,
    edition: Edition,
    prizes: int,
    by: User | None,
    seed: int | None = None,
    instructions: str = "",
    instructions_en: str = "",
    now: dt.datetime | None = None,
) -> PrizeDraw:
    """Draw the edition's prizes, once: fewer entrants than prizes, and every entrant wins.

    Drawing twice changes nothing (a PrizeDrawError says so): the edition's row is locked
    while it is drawn, and the database holds one draw per edition and one win per pass.
    ``by`` is the member of staff who draws, recorded in the admin's history; None only for
    the demo data, drawn by no one.
    """
    now = now or timezone.now()
    if prizes < 1:
        raise PrizeDrawError(_("Draw at least one prize."), field="prizes", code="prizes")
    if seed is None:
        seed = secrets.randbits(64)
    if not 0 <= seed < SEED_LIMIT:
        raise PrizeDrawError(_("The seed is a number from 0 to 2⁶⁴ − 1."), code="seed")
    try:
        with transaction.atomic():
            edition = Edition.objects.select_for_update().get(pk=edition.pk)
            entrants, terms = prize_draw_check(edition, now=now)
            winners = prize_draw_order(entrants, seed)[:prizes]
            draw = PrizeDraw.objects.create(
                edition=edition,
                prizes=prizes,
                stamps_needed=terms.stamps,
                day_stamps_needed={str(day.pk): count for day, count in terms.days},
                entrants=len(entrants),
                seed=seed,
                drawn_at=now,
                drawn_by=by,
                instructions=normalize_multiline(instructions),
                instructions_en=normalize_multiline(instructions_en),
            )
            PrizeWinner.objects.bulk_create(
                PrizeWinner(draw=draw, visitor_pass_id=pk, position=position)
                for position, pk in enumerate(winners, start=1)
            )
            pages_changed()  # the winners (bulk_create sends no signal)
            if by is not None:
                _log(by, draw, len(winners), terms)
    except IntegrityError:
        # Another draw of the same edition committed first.
        raise PrizeDrawError(
            _("The prizes of this edition were drawn already. Nothing was changed."),
            code="already",
        ) from None
    return draw


def _date(day: dt.date) -> str:
    return format_date(day, translation.get_language() or "ja")


def _log(user: User, draw: PrizeDraw, winners: int, terms: PrizeDrawTerms) -> None:
    """Into the admin's history of the draw and of its edition: who drew, when, with what
    (the edition's number and the area days' numbers then, so that the draw can be checked)."""
    message = _(
        "Prize draw: %(winners)d of %(entrants)d entrants won (%(prizes)d prizes, "
        "%(terms)s, seed %(seed)s)."
    ) % {
        "winners": winners,
        "entrants": draw.entrants,
        "prizes": draw.prizes,
        "terms": terms.describe(),
        "seed": draw.seed,
    }
    for obj, flag in ((draw, ADDITION), (draw.edition, CHANGE)):
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[obj],
            action_flag=flag,
            change_message=message,
            single_object=True,
        )
