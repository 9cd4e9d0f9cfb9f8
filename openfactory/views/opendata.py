"""The edition's programmes as open data (CSV and JSON, see ``openfactory.opendata``)."""

from django.conf import settings
from django.views.decorators.http import require_GET

from japanese.opendata import csv_download, json_download

from .. import selectors
from ..opendata import COLUMNS, DATASET, event_records


@require_GET
def events_csv(request, year):
    edition = selectors.published_edition(year)
    records = event_records(selectors.programmes_for_open_data(edition))
    return csv_download(f"ayase-openfactory-{edition.year}-events.csv", COLUMNS, records)


@require_GET
def events_json(request, year):
    edition = selectors.published_edition(year)
    return json_download(
        f"ayase-openfactory-{edition.year}-events.json",
        dataset=DATASET,
        source=settings.SITE_URL + edition.get_absolute_url(),
        columns=COLUMNS,
        records=event_records(selectors.programmes_for_open_data(edition)),
    )
