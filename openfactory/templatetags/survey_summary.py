"""The published survey figures on an edition's public statistics page."""

from django import template

from openfactory.surveys.selectors import published_summary

register = template.Library()


@register.inclusion_tag("openfactory/surveys/includes/public_summary.html")
def survey_summary(edition):
    return {"summary": published_summary(edition)}
