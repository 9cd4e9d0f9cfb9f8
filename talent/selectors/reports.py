"""The reports: applications, approval rate and amounts granted per scheme and fiscal year.

An application belongs to the fiscal year (年度, April to March) of its first submission,
stored on the row when it is submitted, so that the report is one grouped query.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from japanese.dates import wareki_fiscal_year

from ..models import Application
from ..models.applications import Status


@dataclass
class ReportRow:
    fiscal_year: int
    scheme_id: int
    scheme_title: str
    applications: int
    in_progress: int
    approved: int
    rejected: int
    amount_granted: int

    @property
    def fiscal_year_label(self) -> str:
        return wareki_fiscal_year(self.fiscal_year)

    @property
    def approval_rate(self) -> float | None:
        """Approved among decided applications; None while none is decided."""
        decided = self.approved + self.rejected
        return self.approved / decided if decided else None


def report_fiscal_years() -> list[int]:
    years = (
        Application.objects.filter(fiscal_year__isnull=False)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return [year for year in years if year is not None]


def report_rows(*, fiscal_year: int | None = None) -> list[ReportRow]:
    """One row per fiscal year and scheme, newest year first; drafts are not counted."""
    applications = Application.objects.filter(fiscal_year__isnull=False)
    if fiscal_year is not None:
        applications = applications.filter(fiscal_year=fiscal_year)
    grouped = (
        applications.values("fiscal_year", "scheme_id", "scheme__title", "scheme__order")
        .annotate(
            applications=Count("pk"),
            in_progress=Count(
                "pk",
                filter=Q(status__in=[Status.SUBMITTED, Status.IN_REVIEW, Status.RETURNED]),
            ),
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            amount_granted=Sum("amount_granted", default=0),
        )
        .order_by("-fiscal_year", "scheme__order", "scheme_id")
    )
    return [
        ReportRow(
            fiscal_year=row["fiscal_year"],
            scheme_id=row["scheme_id"],
            scheme_title=row["scheme__title"],
            applications=row["applications"],
            in_progress=row["in_progress"],
            approved=row["approved"],
            rejected=row["rejected"],
            amount_granted=row["amount_granted"],
        )
        for row in grouped
    ]
