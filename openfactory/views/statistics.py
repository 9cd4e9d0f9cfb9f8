"""Visitor statistics: a public summary per edition, the staff dashboard and CSV exports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from japanese import excel
from japanese.validators import format_phone

from .. import selectors
from ..edition_results import statistics_summary as summary_of
from ..policies import can_export_reservations, can_see_statistics_dashboard
from ..visitor_stats import edition_figures, editions_figures

DASHBOARD_EDITIONS = 10


def statistics_summary(request, year):
    return render(request, "openfactory/statistics_summary.html", summary_of(request.user, year))


@login_required
def statistics_dashboard(request):
    if not can_see_statistics_dashboard(request.user):
        raise PermissionDenied
    # The newest editions, and the one before the last of them for its comparison.
    editions = list(selectors.edition_list(request.user)[: DASHBOARD_EDITIONS + 1])
    shown, previous = editions[:DASHBOARD_EDITIONS], editions[DASHBOARD_EDITIONS:]
    return render(
        request,
        "openfactory/statistics_dashboard.html",
        {"all_figures": editions_figures(shown, previous[0] if previous else None)},
    )


@login_required
def statistics_csv(request, year):
    if not can_see_statistics_dashboard(request.user):
        raise PermissionDenied
    edition = selectors.edition_for_page(request.user, year)
    figures = edition_figures(edition, user=request.user)
    header = [
        "エリア",
        "開催日",
        "のべ来場者数",
        "出展企業数",
        "前回のべ来場者数",
        "前回出展企業数",
        "記録値",
    ]
    days = (
        [
            day.area_day.area.name,
            day.area_day.date.isoformat(),
            day.visitors,
            day.exhibitors,
            day.previous_visitors,
            day.previous_exhibitors,
            "1" if day.recorded else "",
        ]
        for day in figures.days
    )
    total = [
        "合計",
        "",
        figures.visitors,
        figures.exhibitors,
        figures.previous_visitors or "",
        figures.previous_exhibitors or "",
        "",
    ]
    return excel.csv_response(f"openfactory-{edition.year}-visitors.csv", [header, *days, total])


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _reservation_rows(edition):
    yield [
        "受付番号",
        "状態",
        "エリア",
        "開催日",
        "企業",
        "プログラム",
        "開始",
        "氏名",
        "ふりがな",
        "メール",
        "電話",
        "大人",
        "子ども",
        "配慮",
        "きっかけ",
        "予約日時",
        "受付日時",
    ]
    for r in selectors.reservations_for_export(edition).iterator(chunk_size=500):
        programme = r.slot.programme
        yield [
            r.code,
            r.get_status_display(),
            programme.exhibitor.area_day.area.name,
            programme.exhibitor.area_day.date.isoformat(),
            programme.exhibitor.company.name,
            programme.title,
            _local(r.slot.starts_at),
            r.name,
            r.name_kana,
            r.email,
            format_phone(r.phone),
            r.adults,
            r.children,
            r.accessibility_needs,
            r.get_heard_from_display() if r.heard_from else "",
            _local(r.created_at),
            _local(r.checked_in_at),
        ]


@login_required
def reservations_csv(request, year):
    if not can_export_reservations(request.user):
        raise PermissionDenied
    edition = selectors.edition_for_page(request.user, year)
    return excel.csv_response(
        f"openfactory-{edition.year}-reservations.csv", _reservation_rows(edition)
    )
