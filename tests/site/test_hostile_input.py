"""Hostile input on every form and every path parameter: never a 500, nothing stored twice.

Property-based (hypothesis, strategies in tests/site/hostile.py): NUL bytes, lone surrogates,
combining marks, right-to-left marks, emoji, full- and half-width mixes, 100,000-character
strings, SQL and HTML, numbers that are not, repeated fields. The answer is a page with a
message beside the field, a redirect with a message, a 400, 404 or 405: never a 500. A refused
form stores nothing; a form posted twice with the same idempotency key stores one row.

The forms are those of the write matrix (every state-changing request of every URL), with the
field names read from the form the page shows; a coverage test fails when a page shows a form
that posts (or searches) where nothing here attacks.
"""

import contextlib
import re

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter
from django.urls.exceptions import Resolver404
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import clear_test_cache
from tests.html_forms import page_forms
from tests.site.hostile import (
    WORST,
    WORST_IN_PATHS,
    encode,
    field_value,
    form_body,
    hostile_text,
)
from tests.site.matrix import (
    Write,
    all_tables,
    changed_tables,
    payload,
    project_entries,
    snapshot,
)

FORM = "application/x-www-form-urlencoded"
ENTRIES = project_entries()
WRITES = [e for e in ENTRIES if isinstance(e, Write)]

# Answers that are not a 500: a page (with the message beside the field), a redirect (with a
# message), bad request, forbidden, not found, not allowed, conflict, gone, too many requests.
ANSWERS = {200, 302, 400, 403, 404, 405, 409, 410, 429}

# Forms that carry an idempotency key: posted twice, they store once.
IDEMPOTENT = {
    "openfactory:reservation_new [reserve]",
    "openfactory:announcement_new",
    "openfactory:surveys:answer",
    "openfactory:surveys:walk_in",
}

# Search and filter forms (method GET), by the URL they search; "page" is every list's.
QUERY_FORMS = {
    "companies:company_list": lambda w: "/companies/",
    "companies:post_list": lambda w: "/companies/posts/",
    "openfactory:programme_list": lambda w: f"/openfactory/{w.edition.year}/programmes/",
    "openfactory:areaday_detail": lambda w: w.area_day.get_absolute_url(),
    "meetings:search": lambda w: "/meetings/search/",
    "meetings:index": lambda w: "/meetings/",
    "openfactory:surveys:results": lambda w: f"/openfactory/surveys/{w.survey.pk}/results/",
    "talent:reports": lambda w: "/talent/reports/",
}

# The least privileged role that is let in: an attacker uses the account they have.
ATTACKERS = ["anonymous", "visitor", "member", "editor_a", "owner_a", "staff", "superuser"]


@pytest.fixture(autouse=True)
def _case(db):
    clear_test_cache()
    yield
    clear_test_cache()


@contextlib.contextmanager
def rolled_back():
    """One example's changes are undone before the next (and the rate limits emptied)."""
    clear_test_cache()
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def attacker(entry: Write) -> str:
    if entry.url.startswith("admin:"):
        return "staff" if entry.expect["staff"].changes else "superuser"
    allowed = [r for r in ATTACKERS if entry.expect[r].name not in ("LOGIN", "E403", "E404")]
    return allowed[0] if allowed else "superuser"


_FORMS: dict = {}


def forms_on_pages(world) -> dict[tuple[str, str | None], set[str]]:
    """(method, URL name) of every form the site's pages show, with the names of its fields:
    read once, from every page as each role sees it (a reception page's tap buttons post the
    check-in form with other fields than the typed code)."""
    if not _FORMS:
        for role in ("anonymous", "member", "owner_a", "superuser"):
            for path in sorted(set(_site_pages(world))):
                # Each page on its own: opening another person's confirmation link signs out.
                with rolled_back():
                    response = world.client(role).get(path)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in page_forms(response.content.decode()):
                    key = (form.method, _key(form.targets(path)))
                    _FORMS.setdefault(key, set()).update(form.names)
    return _FORMS


# --- Coverage: every form a page shows is attacked -------------------------------------------


def _site_pages(world):
    for entry in ENTRIES:
        if not entry.url.startswith("admin:"):
            yield entry.path(world)


def _key(path: str) -> str | None:
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return None
    return match.view_name if match.url_name else match.route


def test_every_form_a_page_shows_is_attacked(world):
    attacked_posts = {e.url for e in WRITES}
    missing = sorted(
        f"{method.upper()} {key}"
        for method, key in forms_on_pages(world)
        if (method == "post" and key not in attacked_posts)
        or (method == "get" and key not in QUERY_FORMS)
    )
    assert not missing, "Forms that no hostile test attacks:\n  " + "\n  ".join(missing)


# --- Every form -------------------------------------------------------------------------------


def _form_cases():
    # The site's own forms, public and signed in. Cases kept for a finding's permission rule
    # are the matrix's; their form is attacked through its main entry.
    return [
        pytest.param(e, id=e.label)
        for e in WRITES
        if not e.url.startswith("admin:") and e.finding is None
    ]


def _fields(world, entry: Write, base: dict) -> list[str]:
    shown = forms_on_pages(world).get(("post", entry.url), set())
    return sorted({*base, *shown, "csrfmiddlewaretoken"})


def _post_hostile(world, entry: Write, role: str, client, values: dict) -> None:
    """Post, then: no 500; a refused form stored nothing; an idempotent one stores once."""
    path = entry.path(world)
    body = form_body(values)
    tables = all_tables()
    before = snapshot(tables)
    response = client.post(path, body, content_type=FORM)
    after = snapshot(tables)
    shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in values.items()}
    assert response.status_code in ANSWERS, f"POST {path} as {role} {shown!r}"
    outcome = entry.expect[role]
    if not (response.status_code == outcome.status and outcome.changes):
        assert before == after, (
            f"POST {path} as {role} was refused ({response.status_code}) "
            f"but changed {changed_tables(before, after)}: {shown!r}"
        )
    if entry.label in IDEMPOTENT and response.status_code == 302:
        again = client.post(path, body, content_type=FORM)
        assert again.status_code in ANSWERS
        assert snapshot(tables) == after, (
            f"POST {path} twice stored twice: {changed_tables(after, snapshot(tables))}"
        )


def _admin_form_cases():
    # City staff live in the admin: its add and change forms, list edits, deletions and
    # actions, as the admin shows them to the superuser.
    return [
        pytest.param(e, id=e.label)
        for e in WRITES
        if e.url.startswith("admin:") and e.finding is None
    ]


@pytest.mark.parametrize("entry", _form_cases())
@given(data=st.data())
def test_hostile_values_in_a_form(world, entry: Write, data):
    _attack_a_form(world, entry, data)


@pytest.mark.parametrize("entry", _admin_form_cases())
@settings(max_examples=max(3, settings.default.max_examples // 4))
@given(data=st.data())
def test_hostile_values_in_an_admin_form(world, entry: Write, data):
    _attack_a_form(world, entry, data)


def _attack_a_form(world, entry: Write, data) -> None:
    role = attacker(entry)
    client = world.client(role)
    with rolled_back():
        if entry.prepare is not None:
            entry.prepare(world, client)
        base = payload(world, entry)
        names = _fields(world, entry, base)
        attacked = data.draw(
            st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True), "fields"
        )
        values = {k: v for k, v in base.items() if isinstance(v, str | list)}
        for name in attacked:
            values[name] = data.draw(field_value, name)
        if data.draw(st.booleans(), "an unknown field too"):
            values[data.draw(hostile_text, "unknown name")] = data.draw(field_value, "its value")
        _post_hostile(world, entry, role, client, values)


@pytest.mark.parametrize("entry", _form_cases())
def test_the_worst_values_in_every_field_of_a_form(world, entry: Write):
    """Whatever the examples drew: each of the worst values, alone, in each field."""
    role = attacker(entry)
    client = world.client(role)
    base = payload(world, entry)
    for name in _fields(world, entry, base):
        for value in WORST:
            with rolled_back():
                if entry.prepare is not None:
                    entry.prepare(world, client)
                values = {
                    k: v for k, v in payload(world, entry).items() if isinstance(v, str | list)
                }
                _post_hostile(world, entry, role, client, {**values, name: value})


@pytest.mark.parametrize("entry", _admin_form_cases())
def test_the_worst_values_in_an_admin_form(world, entry: Write):
    """Each of the worst values in every field of the form at once (an admin form has dozens
    of fields, its inlines' included: one at a time would take minutes a form)."""
    role = attacker(entry)
    client = world.client(role)
    base = payload(world, entry)
    names = [name for name in _fields(world, entry, base) if name != "csrfmiddlewaretoken"]
    for value in WORST:
        with rolled_back():
            values = {k: v for k, v in base.items() if isinstance(v, str | list)}
            _post_hostile(world, entry, role, client, {**values, **dict.fromkeys(names, value)})


@pytest.mark.parametrize("label", sorted(IDEMPOTENT))
def test_a_form_posted_twice_stores_once(world, label):
    """The double submit of a phone on a slow line: the same key, one row."""
    entry = next(e for e in WRITES if e.label == label)
    role = attacker(entry)
    client = world.client(role)
    path = entry.path(world)
    body = form_body(payload(world, entry))
    tables = all_tables()
    before = snapshot(tables)
    first = client.post(path, body, content_type=FORM)
    once = snapshot(tables)
    second = client.post(path, body, content_type=FORM)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert once != before
    assert snapshot(tables) == once, f"stored twice: {changed_tables(once, snapshot(tables))}"


def test_a_known_idempotency_key_opens_no_one_elses_reservation(world):
    """Finding 10: the key was a password; replayed on another slot with another address it
    must not lead to the reservation it was made for."""
    from openfactory.models import Reservation
    from tests.openfactory.access_matrix import reservation_data

    held = world.reservation_a
    key = "0123456789abcdef0123456789abcdef"
    Reservation.objects.filter(pk=held.pk).update(idempotency_key=key)
    data = {**reservation_data(world), "idempotency_key": key, "reserve": "1"}
    path = f"/openfactory/slots/{world.slot_b.pk}/reserve/"
    response = world.client("anonymous").post(path, form_body(data), content_type=FORM)
    assert response.status_code in ANSWERS
    assert held.token not in response.get("Location", "")
    assert held.token not in response.content.decode()


# --- Search and filter forms -----------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(QUERY_FORMS))
@given(data=st.data())
def test_hostile_values_in_a_search(world, key, data):
    path = QUERY_FORMS[key](world)
    role = data.draw(st.sampled_from(["anonymous", "member", "superuser"]), "role")
    client = world.client(role)
    names = sorted({*forms_on_pages(world).get(("get", key), set()), "page", "q"})
    attacked = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    query = {name: data.draw(field_value, name) for name in attacked}
    with rolled_back():
        response = client.get(f"{path}?{form_body(query).decode()}")
    assert response.status_code in ANSWERS, f"GET {path}?{query!r}: {response.status_code}"


@pytest.mark.parametrize("key", sorted(QUERY_FORMS))
def test_the_worst_values_in_every_search_field(world, key):
    path = QUERY_FORMS[key](world)
    names = sorted({*forms_on_pages(world).get(("get", key), set()), "page", "q"})
    for role in ("anonymous", "superuser"):
        for value in WORST:
            query = form_body(dict.fromkeys(names, value)).decode()
            with rolled_back():
                response = world.client(role).get(f"{path}?{query}")
            assert response.status_code in ANSWERS, f"GET {path}?{query[:200]} as {role}"


# --- Every path parameter --------------------------------------------------------------------

CONVERTED = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _patterns(patterns=None, prefix=""):
    """(key, route pieces) of every pattern with a parameter: pieces are literal strings and
    strategies for the parameters, in order."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            full = prefix + route
            pieces = _pieces(full, pattern)
            if any(not isinstance(p, str) for p in pieces):
                yield full, pieces


def _pieces(route: str, pattern) -> list:
    converters = getattr(pattern.pattern, "converters", {})
    if route.startswith("^") or "(?P<" in route:
        return _regex_pieces(route)
    pieces, at = [], 0
    for match in CONVERTED.finditer(route):
        pieces.append(route[at : match.start()])
        pieces.append(_strategy(converters.get(match["name"])))
        at = match.end()
    pieces.append(route[at:])
    return pieces


def _regex_pieces(route: str) -> list:
    """Regex routes (allauth's keys, the admin's app list and catch-all): each named group
    drawn from its own regex, the rest kept as written."""
    text = route.replace("^", "").replace("$", "")
    pieces, at = [], 0
    for match in re.finditer(r"\(\?P<\w+>((?:[^()]|\([^()]*\))*)\)", text):
        pieces.append(text[at : match.start()])
        pieces.append(
            st.one_of(st.from_regex(f"(?:{match[1]})", fullmatch=True), hostile_text).filter(bool)
        )
        at = match.end()
    pieces.append(text[at:])
    return pieces


def _strategy(converter):
    """Values the converter accepts (anything else is a 404 before any view runs)."""
    if isinstance(converter, IntConverter):
        return st.one_of(
            st.integers(min_value=0, max_value=10**40).map(str),
            st.sampled_from(["0", "00000000001", "9223372036854775807", "9223372036854775808"]),
        )
    if isinstance(converter, SlugConverter):
        return st.from_regex(r"[-a-zA-Z0-9_]+", fullmatch=True)
    if isinstance(converter, PathConverter):
        return hostile_text.filter(bool)
    if isinstance(converter, StringConverter) or converter is None:
        return hostile_text.map(lambda s: s.replace("/", "")).filter(bool)
    if isinstance(getattr(converter, "regex", None), str):
        # A converter of the portal's own (a reservation's token): values it accepts, and
        # hostile ones that must be a 404 before any view runs.
        return st.one_of(
            st.from_regex(converter.regex, fullmatch=True),
            hostile_text.map(lambda s: s.replace("/", "")).filter(bool),
        )
    raise AssertionError(f"no strategy for {converter!r}: add one")


PATH_PATTERNS = sorted(_patterns(), key=lambda p: p[0])
SITE_PATHS = [pytest.param(p, id=r) for r, p in PATH_PATTERNS if not r.startswith("admin/")]
# The admin's object URLs are the same few views for every model: fewer examples each.
ADMIN_PATHS = [pytest.param(p, id=r) for r, p in PATH_PATTERNS if r.startswith("admin/")]


def _request_hostile_path(world, pieces, data):
    parts = []
    for piece in pieces:
        parts.append(piece if isinstance(piece, str) else encode(data.draw(piece)))
    path = "/" + "".join(parts)
    role = data.draw(st.sampled_from(["anonymous", "owner_b", "superuser"]), "role")
    client = world.client(role)
    with rolled_back():
        tables = all_tables()
        before = snapshot(tables)
        response = client.get(path)
        assert response.status_code in ANSWERS | {301}, f"GET {path} as {role}"
        assert snapshot(tables) == before, f"GET {path} as {role} changed data"
        response = client.post(path, b"", content_type=FORM)
        assert response.status_code in ANSWERS | {301}, f"POST {path} as {role}"


@pytest.mark.parametrize("pieces", SITE_PATHS)
@given(data=st.data())
def test_hostile_path_parameters(world, pieces, data):
    _request_hostile_path(world, pieces, data)


@pytest.mark.parametrize("pieces", SITE_PATHS)
def test_the_worst_values_in_every_path_parameter(world, pieces):
    for value in WORST_IN_PATHS:
        path = "/" + "".join(p if isinstance(p, str) else encode(value) for p in pieces)
        for role in ("anonymous", "superuser"):
            with rolled_back():
                client = world.client(role)
                assert client.get(path).status_code in ANSWERS | {301}, f"GET {path} as {role}"
                response = client.post(path, b"", content_type=FORM)
                assert response.status_code in ANSWERS | {301}, f"POST {path} as {role}"


@pytest.mark.parametrize("pieces", ADMIN_PATHS)
@settings(max_examples=max(3, settings.default.max_examples // 4))
@given(data=st.data())
def test_hostile_path_parameters_of_the_admin(world, pieces, data):
    _request_hostile_path(world, pieces, data)
