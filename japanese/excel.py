"""CSV files that Excel on Japanese Windows opens as they are.

Excel reads a CSV without a byte-order mark as Shift_JIS and garbles every Japanese name;
with the BOM it reads UTF-8. A cell that Excel would run as a formula (=, +, -, @) gets an
apostrophe in front, so that a name typed by a visitor never runs as one.
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

CONTENT_TYPE = "text/csv; charset=utf-8"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_response(filename: str, rows: Iterable[Iterable]) -> HttpResponse:
    """A download of ``rows``, written row by row (a generator keeps memory flat)."""
    response = HttpResponse(content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response
