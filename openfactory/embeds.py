"""Parts of open factory pages that another app shows on its own pages.

The companies app shows a company's coming programmes on the company page. It calls
``company_programmes_html`` and places the HTML it gets: the query (selectors) and the
template (``openfactory/includes/company_programmes.html``) stay the open factory's, and the
companies templates include only their own templates.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .selectors import programmes_of_company

LIMIT = 10


def company_programmes_html(company, *, limit: int = LIMIT) -> SafeString:
    """The company's programmes on days to come (one query); empty if there are none."""
    programmes = list(programmes_of_company(company)[: limit + 1])
    if not programmes:
        return mark_safe("")
    return mark_safe(  # noqa: S308 - rendered from our own autoescaped template
        render_to_string(
            "openfactory/includes/company_programmes.html",
            {"programmes": programmes[:limit], "more": len(programmes) > limit},
        )
    )
