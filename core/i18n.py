"""The site's two languages, as the apps' models and views read them."""

from django.conf import settings
from django.utils.translation import get_language


def active_language() -> str:
    """The two-letter code of the language this request is served in (``ja`` or ``en``)."""
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def in_language(japanese: str, english: str) -> str:
    """What staff wrote in English on the English site, when they wrote it; else Japanese."""
    return english if english and (get_language() or "").startswith("en") else japanese
