"""Writes that Django sends no signal for (``QuerySet.update()``, ``bulk_create()``,
``bulk_update()``) do not move the page cache's generation on by themselves
(core/page_cache.py). Every function of the portal that makes one calls ``pages_changed()``
itself, or is listed below with why no kept page shows what it writes. A new such write
fails this test until its author has decided which.

The writes are found in the source: a call of ``update`` on a queryset (an expression that
names ``.objects``, ``.filter(`` and the like, or a name assigned from one in the same
function), and any call of ``bulk_create`` or ``bulk_update``.
"""

import ast
from pathlib import Path

from django.conf import settings

APPS = ("accounts", "companies", "meetings", "openfactory", "talent", "core", "ayase_portal")
WRITES = {"update", "bulk_create", "bulk_update"}
QUERYSET_HINTS = (".objects", ".filter(", ".exclude(", ".select_for_update(", ".all()", "_set.")

# module:function → why no page kept in the cache can show what it writes.
NOT_SHOWN = {
    "accounts/services.py:user_email_replace": (
        "allauth's addresses of an account: no page shows them (a kept page is a visitor's, "
        "or a member of staff's own)"
    ),
    "meetings/services.py:calendar_token_issue": (
        "a member's private calendar links: shown on their own page, which is never kept"
    ),
    "openfactory/services/reservations.py:_admin_history_forget_names": (
        "the admin's history (LogEntry), which no kept page shows"
    ),
    "talent/services/mails.py:deadline_reminders_send": (
        "when a draft's reminder went: no page shows it; it only keeps the mail from going twice"
    ),
    # The demo data, loaded by `load_demo` on a developer's machine (never on a server:
    # docs/deploy.md), in one run before anyone reads the pages.
    "meetings/demo.py:load": "demo data",
    "openfactory/demo_passes.py:_past_day": "demo data",
    "openfactory/demo_rules.py:load": "demo data",
    "openfactory/surveys/demo.py:_visitors": "demo data",
    "openfactory/surveys/demo.py:_exhibitors": "demo data",
}


def _own_nodes(function):
    """The function's nodes, without those of the functions and classes defined in it."""
    stack = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                stack.append(child)


def _is_queryset(expression: str, querysets: set[str]) -> bool:
    return expression in querysets or any(hint in expression for hint in QUERYSET_HINTS)


def writes_without_pages_changed(source: str, name: str) -> dict[str, list[str]]:
    """``module:function`` → the writes it makes without calling ``pages_changed()``."""
    found: dict[str, list[str]] = {}
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        nodes = list(_own_nodes(function))
        querysets = {
            node.targets[0].id
            for node in nodes
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and _is_queryset(ast.unparse(node.value), set())
        }
        calls = [node for node in nodes if isinstance(node, ast.Call)]
        if any(ast.unparse(call.func).endswith("pages_changed") for call in calls):
            continue
        for call in calls:
            if not isinstance(call.func, ast.Attribute) or call.func.attr not in WRITES:
                continue
            receiver = ast.unparse(call.func.value)
            if call.func.attr != "update" or _is_queryset(receiver, querysets):
                found.setdefault(f"{name}:{function.name}", []).append(
                    f"line {call.lineno}: {receiver}.{call.func.attr}(…)"
                )
    return found


def portal_modules():
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(root).as_posix(), path.read_text()


def test_every_write_without_a_signal_moves_the_pages_on_or_says_why_not():
    found = {}
    for name, source in portal_modules():
        found.update(writes_without_pages_changed(source, name))
    undecided = {where: writes for where, writes in found.items() if where not in NOT_SHOWN}
    assert undecided == {}, "call pages_changed() after these writes, or list them in NOT_SHOWN"
    # An entry of the list whose write is gone (or now calls pages_changed()) goes too.
    assert sorted(set(NOT_SHOWN) - set(found)) == []


SAMPLE = """
def seats_added(slot):
    Slot.objects.filter(pk=slot.pk).update(seats_taken=F("seats_taken") + 1)

def seats_added_and_told(slot):
    Slot.objects.filter(pk=slot.pk).update(seats_taken=F("seats_taken") + 1)
    pages_changed()

def expired_forgotten():
    expired = Reservation.objects.filter(anonymised_at__isnull=True)
    expired.update(name="")

def photos_ordered(photos):
    Photo.objects.bulk_update(photos, ["order"])

def a_dict(context):
    context.update(full=True)
    found = set()
    found.update("寮")
"""


def test_the_scan_finds_writes_without_signals_and_only_them():
    assert writes_without_pages_changed(SAMPLE, "sample.py") == {
        "sample.py:seats_added": ["line 3: Slot.objects.filter(pk=slot.pk).update(…)"],
        "sample.py:expired_forgotten": ["line 11: expired.update(…)"],
        "sample.py:photos_ordered": ["line 14: Photo.objects.bulk_update(…)"],
    }
