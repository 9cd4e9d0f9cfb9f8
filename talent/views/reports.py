"""The reports per scheme and fiscal year (年度), for city staff and committee members."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from japanese.dates import wareki_fiscal_year
from japanese.excel import csv_response
from japanese.forms import cleaned_query

from .. import policies
from ..forms.applications import FiscalYearForm
from ..selectors.reports import report_fiscal_years, report_rows


def _allowed(request):
    if not policies.can_view_reports(request.user):
        raise PermissionDenied


@login_required
def reports(request):
    _allowed(request)
    year = cleaned_query(request, FiscalYearForm).get("year")
    rows = report_rows(fiscal_year=year)
    totals = {
        "applications": sum(r.applications for r in rows),
        "approved": sum(r.approved for r in rows),
        "rejected": sum(r.rejected for r in rows),
        "amount_granted": sum(r.amount_granted for r in rows),
    }
    return render(
        request,
        "talent/reports.html",
        {
            "rows": rows,
            "years": [(y, wareki_fiscal_year(y)) for y in report_fiscal_years()],
            "year": year,
            "totals": totals,
        },
    )


@login_required
def reports_csv(request):
    """UTF-8 with BOM: Excel on Japanese Windows opens it as it is."""
    _allowed(request)
    year = cleaned_query(request, FiscalYearForm).get("year")

    def rows():
        yield [
            _("fiscal year"),
            _("fiscal year (Japanese era)"),
            _("programme"),
            _("applications"),
            _("in progress"),
            _("approved"),
            _("rejected"),
            _("approval rate (%)"),
            _("amount granted (yen)"),
        ]
        for row in report_rows(fiscal_year=year):
            rate = row.approval_rate
            yield [
                row.fiscal_year,
                row.fiscal_year_label,
                row.scheme_title,
                row.applications,
                row.in_progress,
                row.approved,
                row.rejected,
                "" if rate is None else f"{rate * 100:.1f}",
                row.amount_granted,
            ]

    name = f"talent-report-{year}.csv" if year else "talent-report.csv"
    return csv_response(name, rows())
