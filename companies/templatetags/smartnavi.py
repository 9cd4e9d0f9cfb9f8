from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def photo_url(photo, size="card", fmt="jpg", absolute=False):
    if photo is None:
        return ""
    url = photo.rendition_url(size, fmt)
    return settings.SITE_URL + url if absolute else url


@register.inclusion_tag("companies/includes/picture.html")
def picture(photo, size="card", alt="", css="", loading="lazy"):
    """WebP for browsers that take it, JPEG for the others; width and height against layout
    shift."""
    width, height = photo.rendition_size(size) if photo else (0, 0)
    return {
        "photo": photo,
        "webp": photo.rendition_url(size, "webp") if photo else "",
        "jpg": photo.rendition_url(size, "jpg") if photo else "",
        "width": width,
        "height": height,
        "alt": alt,
        "css": css,
        "loading": loading,
    }
