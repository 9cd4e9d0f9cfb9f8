"""Trim Bootstrap's CSS to the rules the portal can use (``make css``; the result is committed).

The whole of Bootstrap (232 KB) blocked rendering on every page though the portal uses a
fifth of it. This keeps a rule only when every class its selector needs (outside ``:not()``)
is a word that occurs in the portal's own templates, Python and JavaScript, or in the
templates of the packages that render its forms and account pages (crispy-forms,
crispy-bootstrap5, allauth); a ``[data-bs-…]`` attribute likewise (so the dark theme's rules
go). The Django admin is not scanned: it has its own CSS. Reboot and element rules (no class
at all) stay, and the ``@keyframes`` that a kept rule animates with. A selector list keeps
only its selectors that can match. Then custom properties: those nothing reads go, and those
set once on ``:root`` or one class are written in place (see ``_without_unread_properties``).

A word is enough (``"row"`` in a Python string keeps ``.row``): it keeps a few rules too
many and never drops one a page needs, as long as the class is written out somewhere. Classes
that are *built* in a template (``alert-{{ message.tags }}``) are listed in ``DYNAMIC``;
the build stops when it meets such a prefix that it has no list for.

``tests/site/test_page_weight.py`` rebuilds in memory and fails when the committed file
differs, so that a template using a class the committed build dropped cannot go unnoticed;
``tests/browser/test_trimmed_css.py`` compares pages drawn with this build and with the whole
Bootstrap, pixel by pixel.

    .venv/bin/python docs/tools/trim_bootstrap.py
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import tinycss2

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(__file__).with_name("bootstrap-5.3.9.min.css")
OUTPUT = ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.portal.min.css"

# The portal's own sources: the apps' Python (forms set widget classes), templates and scripts.
PROJECT_GLOBS = ("templates/**/*.html", "static/js/*.js", "*/**/*.py")
PROJECT_SKIP = (".venv", "tests", "bench", "docs", "migrations", "staticfiles", "build")
# Packages whose templates render parts of the portal's pages: allauth's pages whole; of
# crispy-forms, the templates that ``|crispy`` and ``|as_crispy_field`` render and those they
# include (its layout objects, accordions, modals and tabs among them, need ``{% crispy %}``
# with a FormHelper, which the portal does not use: should it start to, all are scanned).
CRISPY_ENTRIES = (
    "bootstrap5/uni_form.html",
    "bootstrap5/uni_formset.html",
    "bootstrap5/field.html",
)
CRISPY_LAYOUTS = re.compile(r"crispy_forms\.(?:layout|helper|bootstrap)|\{%\s*crispy\s")

# Classes that scripts add (static/js/portal.js, gallery.js) or crispy-forms writes beside an
# error: kept whether or not a file names them. Not Bootstrap's ``was-validated``/``is-valid``
# (no script of the portal validates in the browser) nor its offcanvas' ``showing``/``hiding``:
# a script that starts to add one names it, and the scan finds it there.
RUNTIME_CLASSES = frozenset(
    {"show", "collapse", "collapsing", "fade", "active", "disabled", "is-invalid"}
)

# Class names a template builds from a prefix and a value: the values they can take.
DYNAMIC: dict[str, tuple[str, ...]] = {
    # includes/messages.html: Django's message levels (MESSAGE_TAGS maps error to danger)
    "alert-": ("debug", "info", "success", "warning", "danger"),
    # openfactory/includes/map_links.html: the map_links tag's size argument
    "btn-": ("sm", "lg"),
    # ids and the portal's own classes that only look like Bootstrap's prefixes
    "caption-": (),
    "figure-": (),
    "row-": (),
}

WORD = re.compile(r"[A-Za-z_][\w-]*")
BUILT = re.compile(r"([a-z][a-z0-9-]*-)\{[{%]")
CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
DATA_ATTRIBUTE = re.compile(r"\[(data-[\w-]+)")
ANIMATION = re.compile(r"animation(?:-name)?\s*:\s*([^;}]+)")
VAR = re.compile(r"var\((--[\w-]+)")
PLAIN_VAR = re.compile(r"var\((--[\w-]+)\)")
FALLBACK = re.compile(r"var\((--[\w-]+)\s*,")
PLAIN = re.compile(r":root|\.[\w-]+")
CUSTOM_PROPERTY = re.compile(r"--bs-[\w-]+")


INCLUDE = re.compile(r"""\{%\s*include\s+["']([^"']+)["']""")


def _package_templates(package: str) -> Path:
    return Path(__import__(package).__file__).parent / "templates"


def _included(entries: Iterable[str], folders: list[Path]) -> Iterator[Path]:
    """The templates named, and those they include with a literal name, found in folders."""
    seen: set[str] = set()
    todo = list(entries)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for folder in folders:
            if (folder / name).is_file():
                yield folder / name
                todo += INCLUDE.findall((folder / name).read_text(encoding="utf-8"))
                break


def source_files(root: Path = ROOT) -> Iterator[Path]:
    own = []
    for pattern in PROJECT_GLOBS:
        for path in sorted(root.glob(pattern)):
            if not set(path.relative_to(root).parts) & set(PROJECT_SKIP):
                own.append(path)
    yield from own
    yield from sorted(_package_templates("allauth").glob("**/*.html"))
    crispy = [_package_templates(p) for p in ("crispy_bootstrap5", "crispy_forms")]
    if any(CRISPY_LAYOUTS.search(path.read_text(encoding="utf-8")) for path in own):
        for folder in crispy:
            yield from sorted(folder.glob("**/*.html"))
    else:
        yield from sorted(_included(CRISPY_ENTRIES, crispy), key=str)


def used_words(paths: Iterable[Path]) -> tuple[set[str], set[str]]:
    """Every word of the files, and the prefixes of class names that templates build."""
    words: set[str] = set()
    prefixes: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        words.update(WORD.findall(text))
        prefixes.update(BUILT.findall(text))
    return words, prefixes


def portal_words(root: Path = ROOT) -> set[str]:
    """The words that keep a class, and the Bootstrap variables (``--bs-…``) that the portal's
    own CSS, templates and scripts read (they keep their definitions)."""
    words, prefixes = used_words(source_files(root))
    for prefix in prefixes:
        words.update(prefix + value for value in DYNAMIC.get(prefix, ()))
    for path in [*source_files(root), *sorted((root / "static" / "css").glob("*.css"))]:
        words.update(CUSTOM_PROPERTY.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words | RUNTIME_CLASSES


def unknown_built_prefixes(css: str, root: Path = ROOT) -> set[str]:
    """Prefixes built in a template that start some Bootstrap class and have no DYNAMIC entry."""
    _, prefixes = used_words(source_files(root))
    classes = set(CLASS.findall(css))
    return {
        prefix
        for prefix in prefixes
        if prefix not in DYNAMIC and any(name.startswith(prefix) for name in classes)
    }


def _without_negations(selector: str) -> str:
    """The selector without its ``:not(...)`` parts: a class there need not be on the page."""
    out, depth, i = [], 0, 0
    while i < len(selector):
        if depth == 0 and selector.startswith(":not(", i):
            depth, i = 1, i + 5
            continue
        char = selector[i]
        if depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [part.strip() for part in parts]


def selector_can_match(selector: str, words: set[str]) -> bool:
    needed = _without_negations(selector)
    return all(name in words for name in CLASS.findall(needed)) and all(
        name in words for name in DATA_ATTRIBUTE.findall(needed)
    )


def _trim_rules(rules: list, words: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The kept rules as text, and the @keyframes met on the way (name, text)."""
    kept: list[str] = []
    keyframes: list[tuple[str, str]] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [
                s
                for s in _split_selectors(tinycss2.serialize(rule.prelude))
                if selector_can_match(s, words)
            ]
            if selectors:
                kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "keyframes":
            name = tinycss2.serialize(rule.prelude).strip()
            keyframes.append((name, rule.serialize()))
        elif rule.type == "at-rule" and rule.content is not None:
            inner, inner_frames = _trim_rules(
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                words,
            )
            keyframes += inner_frames
            if inner:
                prelude = tinycss2.serialize(rule.prelude).strip()
                kept.append(f"@{rule.at_keyword} {prelude}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":
            kept.append(rule.serialize())
        elif rule.type == "comment" and rule.value.startswith("!"):
            kept.append(rule.serialize() + "\n")
    return kept, keyframes


def trim(css: str, words: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    kept, keyframes = _trim_rules(rules, words)
    body = "".join(kept)
    animated = {
        name.strip()
        for value in ANIMATION.findall(body)
        for name in re.split(r"[\s,]+", value)
        if name.strip()
    }
    body += "".join(text for name, text in keyframes if name in animated)
    return _without_unread_properties(body, {w for w in words if w.startswith("--")}) + "\n"


def _declarations(content: list) -> list:
    return [
        d
        for d in tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True)
        if d.type == "declaration"
    ]


def _without_unread_properties(css: str, mentioned: set[str]) -> str:
    """Drop the definitions of custom properties that no ``var()`` reads (most of ``:root``:
    the palette, the unused components'), and write in place the value of each one that is
    defined once, unconditionally, on ``:root`` or one class (``.pagination{--bs-pagination-
    padding-x:.75rem}`` read by ``.page-link``): Bootstrap reads those on the element that
    sets them or its descendants, so the page looks the same, at a seventh of the bytes. A
    property that the portal's own files name (``--bs-link-color`` in portal.css), is set in
    more than one rule (the button variants), inside ``@media``, or read with a fallback, keeps
    its ``var()``."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)
    definitions: dict[str, list[tuple[str, str, bool]]] = {}

    def collect(rules: list, nested: bool) -> None:
        for rule in rules:
            if rule.type == "qualified-rule":
                selector = tinycss2.serialize(rule.prelude).strip()
                for d in _declarations(rule.content):
                    if d.name.startswith("--"):
                        value = tinycss2.serialize(d.value).strip()
                        plain = not nested and not d.important and bool(PLAIN.fullmatch(selector))
                        definitions.setdefault(d.name, []).append((selector, value, plain))
            elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword != "keyframes":
                collect(tinycss2.parse_rule_list(rule.content, True, True), nested=True)

    collect(rules, nested=False)
    read = set(VAR.findall(re.sub(r"--[\w-]+\s*:[^;}]*", "", css))) | mentioned
    todo = list(read)
    while todo:
        for _, value, _ in definitions.get(todo.pop(), []):
            for name in VAR.findall(value):
                if name not in read:
                    read.add(name)
                    todo.append(name)
    with_fallback = set(FALLBACK.findall(css))
    inline = {
        name: found[0][1]
        for name, found in definitions.items()
        if len(found) == 1 and found[0][2] and found[0][1]
        if name not in mentioned and name not in with_fallback
    }

    def resolve(value: str) -> str:
        for _ in range(10):
            value, count = PLAIN_VAR.subn(lambda m: inline.get(m[1], m[0]), value)
            if not count or not PLAIN_VAR.search(value):
                break
        return value

    inline = {name: resolve(value) for name, value in inline.items()}

    def declaration(d) -> str:
        important = "!important" if d.important else ""
        return f"{d.name}:{resolve(tinycss2.serialize(d.value).strip())}{important}"

    def rewrite(rules: list) -> str:
        out = []
        for rule in rules:
            if rule.type == "qualified-rule":
                kept = [
                    declaration(d)
                    for d in _declarations(rule.content)
                    if not d.name.startswith("--") or (d.name in read and d.name not in inline)
                ]
                if kept:
                    out.append(
                        tinycss2.serialize(rule.prelude).strip() + "{" + ";".join(kept) + "}"
                    )
            elif rule.type == "at-rule" and rule.content is not None:
                if rule.lower_at_keyword == "keyframes":
                    out.append(rule.serialize())
                    continue
                inner = rewrite(tinycss2.parse_rule_list(rule.content, True, True))
                if inner:
                    prelude = tinycss2.serialize(rule.prelude).strip()
                    out.append(f"@{rule.at_keyword} {prelude}{{{inner}}}")
            else:
                out.append(rule.serialize() + ("\n" if rule.type == "comment" else ""))
        return "".join(out)

    return rewrite(rules)


def build(root: Path = ROOT) -> str:
    css = SOURCE.read_text(encoding="utf-8")
    unknown = unknown_built_prefixes(css, root)
    if unknown:
        raise SystemExit(
            "Templates build class names from "
            + ", ".join(sorted(unknown))
            + ": list the values they take in DYNAMIC of docs/tools/trim_bootstrap.py"
        )
    return trim(css, portal_words(root))


def main() -> None:
    css = build()
    OUTPUT.write_text(css, encoding="utf-8")
    size = len(css.encode())
    print(f"{OUTPUT.relative_to(ROOT)}: {size:,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
