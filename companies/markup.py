"""The text of a post as safe HTML: a small Markdown subset, or plain text with links.

Whatever the author types, the result goes through nh3 (ammonia) with a short allow-list,
so that no script, event-handler attribute, style or ``javascript:`` link reaches a page.
"""

import re

import nh3
from django.utils.html import escape, linebreaks, urlize
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).disable(["image", "html_block", "html_inline"])


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


_HEADING = re.compile(r"<(/?)h([1-6])>")


def _shift_headings(html: str) -> str:
    """# and ## would compete with the page's own headings: they become h3, the rest h4."""
    return _HEADING.sub(lambda m: f"<{m[1]}h{3 if m[2] in '12' else 4}>", html)


def render(text: str, fmt: str) -> str:
    if not text:
        return ""
    if fmt == "markdown":
        html = _shift_headings(_markdown.render(text))
    else:
        html = linebreaks(urlize(escape(text), nofollow=True, autoescape=False))
    return sanitize(html)
