"""Every write, every role: the matrix of tests/<app>/access_matrix.py, request by request.

Each case makes the real request as the role against the world's objects (company A's, another
company's, a superuser's account…) and asserts the answer and the database: a refused request
changes no row of any table (or of the rows it watches), an allowed one changes some.
"""

import re
from html import unescape

import pytest
from django.contrib import admin

from tests.conftest import clear_test_cache
from tests.site.matrix import (
    LIST_EDIT,
    ReadOnly,
    Write,
    admin_actions,
    all_tables,
    body_reads,
    changed_tables,
    payload,
    project_entries,
    snapshot,
    url_patterns,
)
from tests.site.world import ROLES

ENTRIES = project_entries()
WRITES = [e for e in ENTRIES if isinstance(e, Write)]
READ_ONLY = [e for e in ENTRIES if isinstance(e, ReadOnly)]


@pytest.fixture(autouse=True)
def _case(db):
    """Every case in a savepoint of the world's transaction, with empty rate-limit counters."""
    clear_test_cache()
    yield
    clear_test_cache()


# --- Coverage: a URL or an action without an entry fails here, by name ---------------------


def test_every_url_pattern_has_an_entry():
    claimed = {entry.url for entry in ENTRIES}
    patterns = url_patterns()
    missing = sorted(f"{key}  ({route})" for key, route in patterns.items() if key not in claimed)
    assert not missing, (
        "These URL patterns have no entry in the write matrix (tests/<app>/access_matrix.py): "
        "say what each role gets from its writes, or mark it ReadOnly.\n  " + "\n  ".join(missing)
    )
    assert not claimed - set(patterns), (
        f"Entries for URLs that no longer exist: {claimed - set(patterns)}"
    )


def test_every_admin_action_has_an_entry():
    declared: dict[str, set[str]] = {}
    for entry in WRITES:
        if entry.variant.startswith("action "):
            model = entry.url.removeprefix("admin:").removesuffix("_changelist")
            declared.setdefault(model, set()).add(entry.variant.split(",")[0].split(" ", 1)[1])
    missing = []
    for label, actions in admin_actions().items():
        key = label.replace(".", "_")
        for action in sorted(actions - declared.get(key, set())):
            missing.append(f"{label}: {action}")
    assert not missing, "Admin actions without an entry in the write matrix:\n  " + "\n  ".join(
        missing
    )


def test_every_admin_with_editable_columns_has_an_entry_for_their_save():
    declared = {e.url for e in WRITES if e.variant == LIST_EDIT}
    missing = [
        f"{model._meta.label_lower}: {model_admin.list_editable}"
        for model, model_admin in admin.site._registry.items()
        if model_admin.list_editable
        and f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist" not in declared
    ]
    assert not missing, (
        f"Admins whose list_editable save has no entry (list_edit=Op(...)): {missing}"
    )


def test_every_write_says_what_every_role_gets():
    for entry in WRITES:
        assert set(entry.expect) == set(ROLES), entry.label


# --- The writes ------------------------------------------------------------------------------


def _messages_on(response) -> list[str]:
    """The error messages of a page, to say why a form was refused."""
    if "html" not in response.get("Content-Type", ""):
        return []
    found = re.findall(
        r'<(ul|div|p|span)[^>]*class="[^"]*(?:errorlist|invalid-feedback|alert-danger|errornote)'
        r'[^"]*"[^>]*>(.*?)</\1>',
        response.content.decode(errors="replace"),
        flags=re.S,
    )
    texts = [" ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split()) for _tag, inner in found]
    return [t for t in texts if t][:6]


def _write_cases():
    return [
        pytest.param(entry, role, id=f"{entry.label}-{role}") for entry in WRITES for role in ROLES
    ]


@pytest.mark.parametrize(("entry", "role"), _write_cases())
def test_write(world, entry: Write, role):
    path = entry.path(world)
    client = world.client(role)
    if entry.prepare is not None:
        entry.prepare(world, client)
    data = payload(world, entry)
    watched = entry.watch(world) if entry.watch else all_tables()
    before = snapshot(watched)
    response = client.post(path, data)
    after = snapshot(watched)

    outcome = entry.expect[role]
    problems = outcome.problems(response, changed=before != after)
    finding = f" (issue 8, finding {entry.finding})" if entry.finding else ""
    detail = f"expected {outcome!r}; tables changed: {changed_tables(before, after) or 'none'}"
    if response.status_code in (301, 302):
        detail += f"; Location: {response.url}"
    elif errors := _messages_on(response):
        detail += f"; the page says: {errors}"
    assert not problems, f"POST {path} as {role}{finding}: {', '.join(problems)} ({detail})"


# --- Pages that change nothing ---------------------------------------------------------------


def _read_only_cases():
    return [
        pytest.param(entry, role, id=f"{entry.url}-{role}") for entry in READ_ONLY for role in ROLES
    ]


@pytest.mark.parametrize(("entry", "role"), _read_only_cases())
def test_a_post_to_a_read_only_url_is_answered_like_a_get(world, entry: ReadOnly, role):
    """A POST changes nothing, is answered as the GET is (or refused with 405), and the view
    does not even read its body: one that does handles posts and needs a Write entry."""
    path = entry.path(world)
    client = world.client(role)
    expected = client.get(path).status_code
    tables = all_tables()
    before = snapshot(tables)
    with body_reads() as reads:
        response = client.post(path, {"anything": "1"})
    after = snapshot(tables)
    assert response.status_code in (expected, 405), (
        f"POST {path} as {role}: {response.status_code}, GET gives {expected}"
    )
    assert entry.reads_body or not reads, (
        f"POST {path} as {role}: the view reads the body; give it a Write entry"
    )
    assert before == after, f"POST {path} as {role} changed {changed_tables(before, after)}"


# --- Other unsafe methods --------------------------------------------------------------------


def _paths():
    seen, params = set(), []
    for entry in ENTRIES:
        if entry.label not in seen:
            seen.add(entry.label)
            params.append(pytest.param(entry, id=entry.label))
    return params


@pytest.mark.parametrize("entry", _paths())
def test_put_patch_and_delete_change_nothing(world, entry):
    """Views take writes by POST only: other methods, even by the superuser, store nothing."""
    path = entry.path(world)
    client = world.client("superuser")
    tables = all_tables()
    for method in ("PUT", "PATCH", "DELETE"):
        before = snapshot(tables)
        response = client.generic(
            method, path, "a=1", content_type="application/x-www-form-urlencoded"
        )
        after = snapshot(tables)
        assert response.status_code < 500, f"{method} {path}: {response.status_code}"
        assert before == after, f"{method} {path} changed {changed_tables(before, after)}"
