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
def picture(photo, size="card", alt="", css="", loading="lazy", sizes=""):
    """WebP for browsers that take it, JPEG for the others; width and height against layout
    shift. With ``sizes`` (the image's width on the page, as in HTML's ``sizes``) every
    rendition up to ``size`` is offered with its width, so that a phone takes the one its
    screen needs (960 px, not the 1,920 px one)."""
    width, height = photo.rendition_size(size) if photo else (0, 0)
    context = {
        "photo": photo,
        "webp": photo.rendition_url(size, "webp") if photo else "",
        "jpg": photo.rendition_url(size, "jpg") if photo else "",
        "width": width,
        "height": height,
        "alt": alt,
        "css": css,
        "loading": loading,
        "sizes": sizes,
    }
    if photo and sizes:
        upto = photo.SIZES[size]
        names = [name for name, longest in photo.SIZES.items() if longest <= upto]
        for fmt in ("webp", "jpg"):
            context[f"{fmt}_srcset"] = ", ".join(
                f"{photo.rendition_url(name, fmt)} {photo.rendition_size(name)[0]}w"
                for name in names
            )
    return context
