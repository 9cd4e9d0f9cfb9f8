"""Places on the companies' pages that an app above this one fills in.

``companies`` sits below ``openfactory`` and never imports it, yet the company page shows the
company's open-factory programmes and the directory filters the companies that exhibit. The
upper app registers what it provides here from its ``AppConfig.ready()``
(``openfactory/company_extensions.py``); without it the page has no such block and the
directory no such filter.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class DirectoryFilter:
    """A checkbox of the company directory that keeps the companies of a subquery."""

    name: str  # the query-string parameter
    label: str
    company_ids: Callable[[], QuerySet]  # a subquery of company ids: no query of its own


_page_blocks: dict[str, Callable[[object], SafeString]] = {}
_directory_filters: dict[str, DirectoryFilter] = {}


def register_company_page_block(key: str, render: Callable[[object], SafeString]) -> None:
    """``render(company)`` returns safe HTML placed on the company page (empty: nothing)."""
    _page_blocks[key] = render


def register_directory_filter(directory_filter: DirectoryFilter) -> None:
    _directory_filters[directory_filter.name] = directory_filter


def company_page_blocks(company) -> SafeString:
    """The registered blocks of ``company``'s page, in the order they were registered."""
    blocks = [render(company) for render in _page_blocks.values()]
    if len(blocks) == 1:
        return blocks[0]
    return format_html_join(mark_safe(""), "{}", ((block,) for block in blocks))


def directory_filters() -> list[DirectoryFilter]:
    return list(_directory_filters.values())


# Blocks for the company's own staff (and city staff) only, rendered with the viewer: the
# company page asks for them only when ``policies.can_edit_company`` allows.
_staff_blocks: dict[str, Callable[[object, object], SafeString]] = {}


def register_company_staff_block(key: str, render: Callable[[object, object], SafeString]) -> None:
    """``render(company, user)`` returns safe HTML for the company's staff (empty: nothing)."""
    _staff_blocks[key] = render


def company_staff_blocks(company, user) -> SafeString:
    blocks = [render(company, user) for render in _staff_blocks.values()]
    return format_html_join(mark_safe(""), "{}", ((block,) for block in blocks))
