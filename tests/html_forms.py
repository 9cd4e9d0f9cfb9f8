"""Every form of a page as a browser sees it: method, action, fields, and what it would post.

Admin tests post what staff see (``form_data``); the write matrix starts its data from the
form a page shows, and the hostile-input suite reads the field names it attacks from the same
place, so that a field added to a form is attacked too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)
    id: str = ""

    def targets(self, path: str) -> str:
        """The path the form posts to (its action, or the page itself)."""
        return (self.action or path).split("#", 1)[0]

    @property
    def names(self) -> list[str]:
        """The names a user can fill in (not buttons)."""
        seen = []
        for f in self.fields:
            if f.kind not in ("submit", "button", "image", "reset") and f.name not in seen:
                seen.append(f.name)
        return seen

    def data(self) -> dict[str, str | list[str]]:
        """What a browser posts when the form is sent as it is shown (without buttons)."""
        pairs: list[tuple[str, str]] = []
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    pairs.append((f.name, f.value or "on"))
            elif f.kind in ("select", "select-multiple"):
                chosen = [value for value, selected in f.options if selected]
                if not chosen and f.options and f.kind == "select":
                    chosen = [f.options[0][0]]
                pairs += [(f.name, value) for value in chosen]
            elif f.kind not in ("submit", "button", "image", "reset", "file"):
                pairs.append((f.name, f.value))
        data: dict[str, str | list[str]] = {}
        for name, value in pairs:
            if name in data:
                previous = data[name]
                data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                data[name] = value
        return data


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(
                (attrs.get("method") or "get").lower(),
                attrs.get("action") or "",
                id=attrs.get("id") or "",
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            self._select.options.append((attrs.get("value") or "", "selected" in attrs))
            return
        name = attrs.get("name")
        if not name:
            return
        if tag == "input":
            self._form.fields.append(
                Field(
                    name,
                    (attrs.get("type") or "text").lower(),
                    attrs.get("value") or "",
                    checked="checked" in attrs,
                )
            )
        elif tag == "button":
            self._form.fields.append(Field(name, "submit", attrs.get("value") or ""))
        elif tag == "select":
            self._select = Field(name, "select-multiple" if "multiple" in attrs else "select")
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(name, "textarea")
            self._form.fields.append(self._textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea.value
            self._textarea.value = text[1:] if text.startswith("\n") else text
            self._textarea = None


def page_forms(html: str) -> list[Form]:
    reader = _Reader()
    reader.feed(html)
    return reader.forms


def the_form(html: str, path: str) -> Form:
    """The form of a page that posts to the page itself (not the header's language or logout
    forms); the first such form."""
    forms = [f for f in page_forms(html) if f.method == "post" and f.targets(path) == path]
    if not forms:
        raise LookupError(f"no form posting to {path} on the page")
    return forms[0]


def form_data(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """What a browser posts from the page's first form (or the one with ``form_id``)."""
    forms = [f for f in page_forms(html) if form_id is None or f.id == form_id]
    if not forms:
        raise LookupError(f"no form {form_id or ''} on the page")
    return forms[0].data()
