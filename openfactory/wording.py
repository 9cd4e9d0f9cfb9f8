"""Words about a reservation shared by its pages, mails and calendar file."""

from django.utils.translation import gettext, ngettext


def party_text(adults: int, children: int) -> str:
    """A party's size with the plurals of the active language: "1 adult, 2 children",
    "2 adults"; 大人1人、子ども2人."""
    grown = ngettext("%(count)d adult", "%(count)d adults", adults) % {"count": adults}
    if not children:
        return grown
    young = ngettext("%(count)d child", "%(count)d children", children) % {"count": children}
    return gettext("%(adults)s, %(children)s") % {"adults": grown, "children": young}
