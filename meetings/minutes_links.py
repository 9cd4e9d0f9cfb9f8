"""Links in the committee's minutes: ``【HP】``/``【SNS】`` blocks, ``twitter : @name(url)``,
bare URLs, and the label each is shown with."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_URL = r"https?://[^\s()<>]+"
_BARE_URL = re.compile(rf"(?P<url>{_URL})")
_LINK_IN_PARENS = re.compile(
    rf"(?P<name>[^:()]{{0,40}}?)\s*:?\s*(?P<handle>@[\w.]+)?\s*\(\s*(?P<url>{_URL})\s*\)"
)
_LINK_AFTER_NAME = re.compile(rf"(?P<name>[^\s:]{{1,30}})\s*[:\s]\s*(?P<url>{_URL})")
_SNS_HOSTS = {
    "twitter.com": "twitter",
    "x.com": "X",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "youtube.com": "YouTube",
    "line.me": "LINE",
    "tiktok.com": "TikTok",
    "note.com": "note",
}
_HP_LABELS = {"hp", "ホームページ", "web", "webサイト", "website", "サイト", "url"}


@dataclass
class ParsedLink:
    label: str
    url: str
    kind: str = "other"  # "hp", "sns" or "other"


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _sns_name(url: str) -> str:
    host = _host(url)
    return next((name for domain, name in _SNS_HOSTS.items() if host.endswith(domain)), "")


def _block_kind(label: str) -> str:
    label = label.strip().lower()
    if label in _HP_LABELS:
        return "hp"
    sns_names = {name.lower() for name in _SNS_HOSTS.values()}
    return "sns" if label == "sns" or label in sns_names else "other"


def _parse_link(text: str) -> dict | None:
    """A line that is only a link: a URL, ``twitter : @name(url)``, ``Instagram(url)``, ``HP: url``.

    Links inside a sentence are not read here: they stay in their note, the page links them.
    """
    for pattern in (_BARE_URL, _LINK_IN_PARENS, _LINK_AFTER_NAME):
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            written = " ".join(p for p in (parts.get("name"), parts.get("handle")) if p)
            return {"url": parts["url"], "written": written.strip()}
    return None


def _make_link(found: dict, block_label: str | None) -> ParsedLink:
    url, sns = found["url"], _sns_name(found["url"])
    kind = _block_kind(block_label) if block_label is not None else ("sns" if sns else "other")
    if found["written"]:
        label = found["written"]
    elif kind == "sns" and sns:
        label = sns
    else:
        label = block_label or sns or _host(url)
    return ParsedLink(label=label, url=url, kind=kind)
