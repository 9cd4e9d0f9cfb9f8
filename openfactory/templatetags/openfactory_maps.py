"""``{% map_links latitude longitude label address %}``: the plain links that open a place in
the visitor's map app (see ``openfactory.maps``)."""

from django import template

from ..maps import Point
from ..maps import map_links as build_map_links

register = template.Library()


@register.inclusion_tag("openfactory/includes/map_links.html")
def map_links(latitude, longitude, label="", address="", size=""):
    return {
        "links": build_map_links(Point.of(latitude, longitude), label=label, address=address),
        "label": label,
        "size": size,
    }
