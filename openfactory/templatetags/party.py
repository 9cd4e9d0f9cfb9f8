"""``{% party adults children %}``: a party's size in words (openfactory.wording)."""

from django import template

from openfactory.wording import party_text

register = template.Library()


@register.simple_tag
def party(adults: int, children: int) -> str:
    return party_text(adults, children)
