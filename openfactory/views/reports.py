"""After the day: each exhibitor's report for its company's staff, and the edition report of
every exhibitor's figures for the committee's 報告会 (exhibitor_reports). Both are A4 pages."""

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .. import selectors
from ..exhibitor_reports import (
    MIN_FOR_AVERAGE,
    average,
    exhibit_survey_answers,
    exhibitor_figures,
    visitor_comments,
)
from ..models import Exhibitor
from ..policies import can_see_statistics_dashboard


def _exhibitors(**filters) -> QuerySet[Exhibitor]:
    return (
        Exhibitor.objects.filter(**filters)
        .select_related("company", "area_day__area")
        .order_by("area_day__date", "area_day__area__order", "order", "pk")
    )


@never_cache
@login_required
def exhibitor_report(request, pk):
    """The exhibitor's own figures beside its area day's average: its company's staff and
    city staff only (another company's report is a 404, as its programme pages are)."""
    exhibitor = selectors.managed_exhibitor(request.user, pk)
    area_day = exhibitor.area_day
    context = {"exhibitor": exhibitor, "area_day": area_day, "today": timezone.localdate()}
    if area_day.date < context["today"]:
        figures = exhibitor_figures(_exhibitors(area_day=area_day))
        context |= {
            "own": next(f for f in figures if f.exhibitor.pk == exhibitor.pk),
            # Beside its own figures, an average of two would give away the other's.
            "mean": average(figures) if len(figures) >= MIN_FOR_AVERAGE else None,
            "exhibitor_count": len(figures),
            "min_for_average": MIN_FOR_AVERAGE,
            "comments": visitor_comments(exhibitor),
            "own_answers": exhibit_survey_answers(exhibitor),
        }
    return render(request, "openfactory/reports/exhibitor_report.html", context)


@never_cache
@login_required
def edition_report(request, year):
    """Every exhibitor's figures of the edition, by area day, for the committee (city staff)."""
    if not can_see_statistics_dashboard(request.user):
        raise Http404
    edition = selectors.edition_for_page(request.user, year)
    figures = exhibitor_figures(_exhibitors(area_day__edition=edition))
    days: dict = {}
    for row in figures:
        assert row.exhibitor is not None
        days.setdefault(row.exhibitor.area_day, []).append(row)
    return render(
        request,
        "openfactory/reports/edition_report.html",
        {
            "edition": edition,
            "days": [(day, rows, average(rows)) for day, rows in days.items()],
            "mean": average(figures),
            "printed_at": timezone.now(),
        },
    )
