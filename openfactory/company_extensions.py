"""What the open factory adds to the companies' pages, registered from ``OpenfactoryConfig.ready``.

``companies`` is the lower app: it owns the places (``companies.extensions``) and this app fills
them, so that no import runs upwards. The block's query and template stay the open factory's
(``embeds.company_programmes_html``); the filter is a subquery of the current edition's exhibitors.
"""

from django.utils.translation import gettext_lazy as _

from companies import extensions

from .embeds import company_programmes_html
from .selectors import current_edition_company_ids
from .views.recruitment import company_call_html


def register() -> None:
    extensions.register_company_page_block("openfactory.programmes", company_programmes_html)
    extensions.register_company_staff_block("openfactory.recruitment", company_call_html)
    extensions.register_directory_filter(
        extensions.DirectoryFilter(
            name="open_factory",
            label=_("Exhibits at the open factory (current edition)"),
            company_ids=current_edition_company_ids,
        )
    )
