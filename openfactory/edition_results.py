"""開催結果: an edition's headline figures beside the previous edition's, on its public
statistics page once its last area day is over (issue 15, item 8).

Unique parties and people, factories per party and the share from outside the city come from
the visitor passes (pass_stats); のべ and exhibitors are the published figures of
visitor_stats (for the previous edition, over the areas both editions held, as the table
beside them); satisfaction is the mean of the published visitors' surveys. Nothing about a
person, nothing unpublished.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser

from .pass_stats import PassFigures, editions_pass_figures
from .selectors import edition_and_previous_for_page
from .surveys.selectors import published_summary
from .visitor_stats import EditionFigures, figures_beside, with_passes


@dataclass
class ResultRow:
    key: str
    label: str | Promise
    value: float | None
    previous: float | None
    unit: str = ""


def statistics_summary(user: AnyUser, year: int) -> dict:
    """Everything on an edition's public statistics page, in four queries whatever the
    number of area days, visits or answers: the edition with the one before it, their area
    days with their counts, their visits, and their published surveys' satisfaction and vote."""
    edition, previous = edition_and_previous_for_page(user, year)
    passes = editions_pass_figures([edition, *([previous] if previous else [])], detail=False)
    figures = with_passes(figures_beside(edition, previous), passes[edition.pk])
    summary = published_summary(edition, previous)
    return {
        "edition": edition,
        "figures": figures,
        "summary": summary,
        "results": edition_results(
            figures,
            summary["mean"],
            previous_passes=passes[previous.pk].total if previous else PassFigures(),
            previous_satisfaction=summary["previous_mean"],
        ),
    }


def edition_results(
    figures: EditionFigures,
    satisfaction: float | None,
    *,
    previous_passes: PassFigures,
    previous_satisfaction: float | None,
) -> list[ResultRow] | None:
    """The rows, or None while the edition still has an area day to come (or has none).

    ``figures`` comes from ``visitor_stats.with_passes``, the satisfactions from the surveys'
    ``published_summary``, ``previous_passes`` are the previous edition's (empty for none).
    No query.
    """
    today = timezone.localdate()
    if not figures.days or max(day.area_day.date for day in figures.days) >= today:
        return None
    current = figures.passes or PassFigures()
    before = previous_passes

    def unique(value: float | None, known: bool) -> float | None:
        return value if known else None

    return [
        ResultRow(
            "parties",
            _("Parties (each counted once)"),
            unique(current.parties, current.parties > 0),
            unique(before.parties, before.parties > 0),
        ),
        ResultRow(
            "people",
            _("Visitors (each counted once)"),
            unique(current.people, current.parties > 0),
            unique(before.people, before.parties > 0),
        ),
        ResultRow("visits", _("Visits (のべ)"), figures.visitors, figures.previous_visitors),
        ResultRow("exhibitors", _("Exhibitors"), figures.exhibitors, figures.previous_exhibitors),
        ResultRow(
            "average", _("Factories per party"), current.average_factories, before.average_factories
        ),
        ResultRow(
            "outside",
            _("From outside the city"),
            current.outside_share,
            before.outside_share,
            unit="%",
        ),
        ResultRow(
            "satisfaction",
            _("Satisfaction (1–5)"),
            round(satisfaction, 2) if satisfaction is not None else None,
            round(previous_satisfaction, 2) if previous_satisfaction is not None else None,
        ),
    ]
