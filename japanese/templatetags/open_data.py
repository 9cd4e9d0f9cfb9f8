"""``{% open_data_license %}``: the licence of the open data, shown beside its links."""

from django import template

from ..opendata import license_info

register = template.Library()


@register.inclusion_tag("includes/open_data_license.html")
def open_data_license():
    return {"license": license_info()}
