"""The edition's printed guide (ガイド): everything a visitor needs on paper, from the data."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .. import selectors
from ..guide import plot
from ..maps import Point
from ..qr import qr_svg_data_uri


def edition_guide(request, year):
    """Public, and for published editions only: a draft is not printed and handed out."""
    edition = selectors.published_edition(year)
    area_days = list(selectors.guide_area_days(edition))
    number = 0
    points = []
    for area_day in area_days:
        area_day.guide_exhibitors = list(area_day.exhibitors.all())
        for exhibitor in area_day.guide_exhibitors:
            number += 1
            exhibitor.guide_number = number
            point = Point.of(exhibitor.company.latitude, exhibitor.company.longitude)
            if point is not None:
                points.append((number, exhibitor.company.name, point))
    edition_url = request.build_absolute_uri(
        reverse("openfactory:edition_detail", kwargs={"year": edition.year})
    )
    return render(
        request,
        "openfactory/guide/edition_guide.html",
        {
            "edition": edition,
            "area_days": area_days,
            "map": plot(points),
            "printed_at": timezone.localtime(),
            "edition_url": edition_url,
            "edition_qr": qr_svg_data_uri(edition_url),
        },
    )
