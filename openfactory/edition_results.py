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

from .pass_stats import PassFigures, edition_pass_figures
from .surveys.selectors import published_satisfaction
from .visitor_stats import EditionFigures


@dataclass
class ResultRow:
    key: str
    label: str | Promise
    value: float | None
    previous: float | None
    unit: str = ""


def edition_results(figures: EditionFigures, satisfaction: float | None) -> list[ResultRow] | None:
    """The rows, or None while the edition still has an area day to come (or has none).

    ``figures`` comes from ``visitor_stats.with_passes``, ``satisfaction`` from the surveys'
    ``published_summary``. Two or three queries: the previous edition's visits (and their
    factories), and its satisfaction.
    """
    today = timezone.localdate()
    if not figures.days or max(day.area_day.date for day in figures.days) >= today:
        return None
    current = figures.passes or PassFigures()
    previous = figures.previous
    before = edition_pass_figures(previous).total if previous else PassFigures()

    def unique(value: float | None, known: bool) -> float | None:
        return value if known else None

    previous_satisfaction = published_satisfaction(previous) if previous else None
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
