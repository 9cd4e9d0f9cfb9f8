"""Visitor statistics: a public summary per edition, the staff dashboard and CSV exports."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .models import Reservation
from .policies import can_export_reservations, can_see_statistics_dashboard
from .visitor_stats import edition_figures


def statistics_summary(request, year):
    edition = selectors.edition_for_page(request.user, year)
    return render(
        request,
        "openfactory/statistics_summary.html",
        {"edition": edition, "figures": edition_figures(edition, user=request.user)},
    )


@login_required
def statistics_dashboard(request):
    if not can_see_statistics_dashboard(request.user):
        raise PermissionDenied
    editions = list(selectors.edition_list(request.user)[:10])
    return render(
        request,
        "openfactory/statistics_dashboard.html",
        {"all_figures": [edition_figures(e, user=request.user) for e in editions]},
    )


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A BOM, so that Excel on Japanese Windows opens the file as UTF-8.
    response.write("\ufeff")
    return response, csv.writer(response)


@login_required
def statistics_csv(request, year):
    if not can_see_statistics_dashboard(request.user):
        raise PermissionDenied
    edition = selectors.edition_for_page(request.user, year)
    figures = edition_figures(edition, user=request.user)
    response, writer = _csv_response(f"openfactory-{edition.year}-visitors.csv")
    writer.writerow(
        [
            "エリア",
            "開催日",
            "のべ来場者数",
            "出展企業数",
            "前回のべ来場者数",
            "前回出展企業数",
            "記録値",
        ]
    )
    for day in figures.days:
        writer.writerow(
            [
                day.area_day.area.name,
                day.area_day.date.isoformat(),
                "" if day.visitors is None else day.visitors,
                "" if day.exhibitors is None else day.exhibitors,
                "" if day.previous_visitors is None else day.previous_visitors,
                "" if day.previous_exhibitors is None else day.previous_exhibitors,
                "1" if day.recorded else "",
            ]
        )
    writer.writerow(
        [
            "合計",
            "",
            figures.visitors,
            figures.exhibitors,
            figures.previous_visitors or "",
            figures.previous_exhibitors or "",
            "",
        ]
    )
    return response


def _safe(value) -> str:
    """Cells a spreadsheet would run as a formula (=, +, -, @) are quoted with a '."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def reservations_csv(request, year):
    if not can_export_reservations(request.user):
        raise PermissionDenied
    edition = selectors.edition_for_page(request.user, year)
    response, writer = _csv_response(f"openfactory-{edition.year}-reservations.csv")
    writer.writerow(
        [
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
    )
    rows = (
        Reservation.objects.filter(slot__programme__exhibitor__area_day__edition=edition)
        .select_related(
            "slot__programme__exhibitor__company", "slot__programme__exhibitor__area_day__area"
        )
        .order_by("slot__starts_at", "slot__programme_id", "pk")
    )
    for r in rows.iterator(chunk_size=500):
        programme = r.slot.programme
        writer.writerow(
            [
                _safe(v)
                for v in [
                    r.code,
                    r.get_status_display(),
                    programme.exhibitor.area_day.area.name,
                    programme.exhibitor.area_day.date.isoformat(),
                    programme.exhibitor.company.name,
                    programme.title,
                    timezone.localtime(r.slot.starts_at).strftime("%Y-%m-%d %H:%M"),
                    r.name,
                    r.name_kana,
                    r.email,
                    r.phone,
                    r.adults,
                    r.children,
                    r.accessibility_needs,
                    r.get_heard_from_display() if r.heard_from else "",
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
                    if r.checked_in_at
                    else "",
                ]
            ]
        )
    return response
