"""The directory's companies as open data (CSV and JSON, see ``companies.opendata``)."""

from django.conf import settings
from django.urls import reverse
from django.views.decorators.http import require_GET

from japanese.opendata import csv_download, json_download

from .opendata import COLUMNS, DATASET, facility_records
from .selectors import company_directory


@require_GET
def companies_csv(request):
    return csv_download("ayase-companies.csv", COLUMNS, facility_records(company_directory()))


@require_GET
def companies_json(request):
    return json_download(
        "ayase-companies.json",
        dataset=DATASET,
        source=settings.SITE_URL + reverse("companies:company_list"),
        columns=COLUMNS,
        records=facility_records(company_directory()),
    )
