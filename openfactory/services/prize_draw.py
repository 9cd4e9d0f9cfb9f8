"""The stamp rally's prize draw (issue 15, item 3): once per edition, after its last area day.

Fair and recorded, as the reservation lottery: the entrants are the passes with at least the
edition's ``stamps_for_draw`` stamps, taken in ascending id order and shuffled with
``random.Random(seed)``; the seed comes from ``secrets`` (nobody can choose or foresee it) and
is stored with the draw, so that anyone can draw again with it and get the same winners.
Passes have no address to mail: winners learn it on their pass page.
"""

import datetime as dt
import random
import secrets

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from japanese.dates import format_date
from japanese.text import normalize_multiline

from ..errors import PrizeDrawError
from ..models import Edition, PrizeDraw, PrizeWinner, VisitorPass

SEED_LIMIT = 2**64


def prize_draw_entrants(edition: Edition, stamps_needed: int) -> list[int]:
    """The ids of the edition's passes with at least ``stamps_needed`` stamps, ascending."""
    return list(
        VisitorPass.objects.filter(edition=edition)
        .annotate(stamp_count=Count("stamps"))
        .filter(stamp_count__gte=stamps_needed)
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


def prize_draw_check(edition: Edition, *, now: dt.datetime | None = None) -> list[int]:
    """The entrants of a draw the edition may have now; otherwise a PrizeDrawError saying why."""
    drawn = PrizeDraw.objects.filter(edition=edition).first()
    if drawn is not None:
        raise PrizeDrawError(
            _("The prizes of this edition were drawn already (%(date)s). Nothing was changed.")
            % {"date": _date(timezone.localdate(drawn.drawn_at))},
            code="already",
        )
    if not edition.stamps_for_draw:
        raise PrizeDrawError(
            _("This edition has no prize draw: set its stamps for the prize draw first."),
            code="no_draw",
        )
    dates = list(edition.area_days.values_list("date", flat=True))
    today = timezone.localdate(now or timezone.now())
    if not dates or max(dates) >= today:
        raise PrizeDrawError(
            _("The prizes are drawn after the last area day is over (from the day after it)."),
            code="not_over",
        )
    entrants = prize_draw_entrants(edition, edition.stamps_for_draw)
    if not entrants:
        raise PrizeDrawError(
            _("No visitor pass has %(count)d stamps or more: there is no one to draw.")
            % {"count": edition.stamps_for_draw},
            code="no_entrants",
        )
    return entrants


def prize_draw(
    *,
    edition: Edition,
    prizes: int,
    by: User,
    seed: int | None = None,
    instructions: str = "",
    instructions_en: str = "",
    now: dt.datetime | None = None,
) -> PrizeDraw:
    """Draw the edition's prizes, once: fewer entrants than prizes, and every entrant wins.

    Drawing twice changes nothing (a PrizeDrawError says so): the edition's row is locked
    while it is drawn, and the database holds one draw per edition and one win per pass.
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
            entrants = prize_draw_check(edition, now=now)
            assert edition.stamps_for_draw  # prize_draw_check refuses an edition without
            winners = prize_draw_order(entrants, seed)[:prizes]
            draw = PrizeDraw.objects.create(
                edition=edition,
                prizes=prizes,
                stamps_needed=edition.stamps_for_draw,
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
            _log(by, draw, len(winners))
    except IntegrityError:
        # Another draw of the same edition committed first.
        raise PrizeDrawError(
            _("The prizes of this edition were drawn already. Nothing was changed."),
            code="already",
        ) from None
    return draw


def _date(day: dt.date) -> str:
    return format_date(day, translation.get_language() or "ja")


def _log(user: User, draw: PrizeDraw, winners: int) -> None:
    """Into the admin's history of the draw and of its edition: who drew, when, with what."""
    message = _(
        "Prize draw: %(winners)d of %(entrants)d entrants won (%(prizes)d prizes, "
        "%(stamps)d stamps or more, seed %(seed)s)."
    ) % {
        "winners": winners,
        "entrants": draw.entrants,
        "prizes": draw.prizes,
        "stamps": draw.stamps_needed,
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
