"""A survey figure's bar chart as inline SVG: no script, no image request, printable.

Each row is a band with this edition's share as a dark bar and, when last edition asked the
same question, its share as a thin light bar under it. The numbers are in the table the chart
stands beside; the SVG's title says so for screen readers.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

WIDTH = 200
BAND = 24
BAR = 13
PREVIOUS_BAR = 6
THIS_FILL = "#1f4e79"
PREVIOUS_FILL = "#8fb3d9"


def _width(share: float | None) -> str:
    return f"{WIDTH * (share or 0) / 100:.1f}"


@register.simple_tag
def survey_chart(figure: dict) -> str:
    chart_id = f"chart-{figure['question'].pk}"
    rows = figure.get("rows") or []
    with_previous = "previous" in figure
    bars = []
    for i, row in enumerate(rows):
        y = i * BAND
        bars.append((0, y, _width(row.get("share")), BAR, THIS_FILL))
        if with_previous:
            bars.append(
                (0, y + BAR + 1, _width(row.get("previous_share")), PREVIOUS_BAR, PREVIOUS_FILL)
            )
    if with_previous:
        title = _(
            "Bar chart of the answers to “%(question)s”: dark bars this edition, light bars "
            "last edition; the numbers are in the table beside it."
        ) % {"question": figure["question"].text}
    else:
        title = _(
            "Bar chart of the answers to “%(question)s”; the numbers are in the table beside it."
        ) % {"question": figure["question"].text}
    return format_html(
        '<svg class="survey-chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-labelledby="{}"><title id="{}">{}</title>{}</svg>',
        WIDTH,
        max(len(rows) * BAND, BAND),
        WIDTH,
        max(len(rows) * BAND, BAND),
        chart_id,
        chart_id,
        title,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
            bars,
        ),
    )
