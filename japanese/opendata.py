"""Open data as Japanese municipalities publish it: a CSV in a デジタル庁 推奨データセット
layout (UTF-8 with BOM, so that Excel opens it) and the same records as JSON.

Each app keeps the column list of its layout in a small text file beside its code (one column
a line, ``#`` lines are notes: the source and version); the file is what the tests validate
against. The licence comes from the ``OPEN_DATA_LICENSE`` settings.
"""

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

from .excel import csv_response

# The city that publishes: Ayase, Kanagawa (全国地方公共団体コード with its check digit).
MUNICIPALITY_CODE = "142182"
PREFECTURE = "神奈川県"
MUNICIPALITY = "綾瀬市"

Record = Mapping[str, object]


def read_columns(path: Path) -> list[str]:
    """The column names of a layout file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def license_info() -> dict[str, str]:
    return {"name": settings.OPEN_DATA_LICENSE, "url": settings.OPEN_DATA_LICENSE_URL}


def _with_license(response: HttpResponse) -> HttpResponse:
    # A CSV has no place for it (its first line is the header): the licence goes with the
    # response, as a Link header, and beside the links on the pages.
    response["Link"] = f'<{settings.OPEN_DATA_LICENSE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def csv_download(filename: str, columns: list[str], records: Iterable[Record]) -> HttpResponse:
    rows = ([record.get(column, "") for column in columns] for record in records)
    return _with_license(csv_response(filename, [columns, *rows]))


def json_download(
    filename: str, *, dataset: str, source: str, columns: list[str], records: Iterable[Record]
) -> HttpResponse:
    body = {
        "dataset": dataset,
        "publisher": settings.OPEN_DATA_PUBLISHER,
        "source": source,
        "license": license_info(),
        "columns": columns,
        "records": [{column: record.get(column, "") for column in columns} for record in records],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _with_license(response)
