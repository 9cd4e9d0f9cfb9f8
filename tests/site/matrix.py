"""The write matrix: what every role gets from every request that changes data.

Each app keeps its table in ``tests/<app>/access_matrix.py`` (the project-wide URLs, allauth
and the admin's own pages in ``tests/site/access_matrix.py``). A table has one entry per URL
pattern of the project:

- ``Write``: a state-changing request (a POST with realistic data, against objects of company A)
  and one expected ``Outcome`` per role, written as a row in the order of ``ROLES``;
- ``ReadOnly``: a URL that changes nothing; a POST to it is answered like a GET, never reads
  the body, and stores nothing;
- ``AdminModel``: a model's admin pages (add, change, delete, every changelist action, history),
  with the outcome for city staff and the superuser; everyone else is sent to the admin login.

``tests/site/test_write_matrix.py`` walks the URL resolver and fails, naming the URL or the
admin action, when one has no entry; then it makes every request of every entry as every role
and compares the database rows before and after.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.site.world import ROLES, World

# --- Outcomes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a role gets: a status (None: any below 500), whether data changes, and for a
    redirect where it leads (a URL name whose path the Location starts with)."""

    name: str
    status: int | None
    changes: bool
    redirect_to: str | None = None

    def problems(self, response, changed: bool) -> list[str]:
        found = []
        if response.status_code >= 500:
            found.append(f"answered {response.status_code}")
        elif self.status is not None and response.status_code != self.status:
            found.append(f"answered {response.status_code}, not {self.status}")
        if self.redirect_to and response.status_code == 302:
            target = reverse(self.redirect_to)
            if not response.url.startswith(target):
                found.append(f"redirected to {response.url}, not {target}")
        if changed != self.changes:
            found.append("changed data" if changed else "changed nothing")
        return found

    def __repr__(self):
        return self.name


OK = Outcome("OK", 302, changes=True)  # done, then sent on (post/redirect/get)
OK_PAGE = Outcome("OK_PAGE", 200, changes=True)  # done, answered with a page
LOGIN = Outcome("LOGIN", 302, changes=False, redirect_to="account_login")
ADMIN_LOGIN = Outcome("ADMIN_LOGIN", 302, changes=False, redirect_to="admin:login")
E403 = Outcome("E403", 403, changes=False)
E404 = Outcome("E404", 404, changes=False)
E405 = Outcome("E405", 405, changes=False)
E410 = Outcome("E410", 410, changes=False)
REDIRECT = Outcome("REDIRECT", 302, changes=False)  # sent elsewhere, nothing done
PAGE = Outcome("PAGE", 200, changes=False)  # a page (a confirm step, a form), nothing stored
# Refused in a way the fix may choose (a 403, a read-only form, a message): the watched rows
# stay as they were. Used where the issue states the rule but not the answer.
REFUSED = Outcome("REFUSED", None, changes=False)


def roles(*outcomes: Outcome) -> dict[str, Outcome]:
    """One row of a table: an outcome per role, in the order of ROLES."""
    if len(outcomes) != len(ROLES):
        raise ValueError(f"a row has {len(ROLES)} columns ({', '.join(ROLES)})")
    return dict(zip(ROLES, outcomes, strict=True))


def admin_roles(staff: Outcome, superuser: Outcome) -> dict[str, Outcome]:
    """The admin is city staff's: everyone else is sent to the admin's login."""
    return {**dict.fromkeys(ROLES, ADMIN_LOGIN), "staff": staff, "superuser": superuser}


# --- Entries -------------------------------------------------------------------------------

Data = dict[str, str | list[str]]


@dataclass(frozen=True)
class Write:
    """A state-changing request and what each role gets from it.

    ``prepare`` takes an earlier step of a flow with the role's client (opening a link).
    ``form``: the path of the page whose form (as the superuser sees it; the one that posts to
    the page itself) is the starting point of the data, as a browser would post it; ``data``
    is then laid over it (None removes a field). ``watch``: the rows that must (not) change; by default every table.
    """

    url: str
    path: Callable[[World], str]
    expect: dict[str, Outcome]
    data: Callable[[World], Data] = lambda w: {}
    variant: str = ""
    form: Callable[[World], str] | None = None
    watch: Callable[[World], list] | None = None
    finding: int | None = None  # the finding of issue 8 this case keeps closed
    prepare: Callable[[World, object], None] | None = None  # an earlier step, with the client

    @property
    def label(self) -> str:
        return f"{self.url} [{self.variant}]" if self.variant else self.url


@dataclass(frozen=True)
class ReadOnly:
    url: str
    path: Callable[[World], str]
    # Django's admin changelist reads the selected rows of any POST, with or without actions.
    reads_body: bool = False

    @property
    def label(self) -> str:
        return self.url


@dataclass(frozen=True)
class Op:
    """One admin operation on a model: its data and the outcomes for staff and superuser."""

    staff: Outcome
    superuser: Outcome
    data: Callable[[World], Data] = lambda w: {}
    target: str | None = None  # a world attribute; default: the AdminModel's
    variant: str = ""
    watch: Callable[[World], list] | None = None
    finding: int | None = None


@dataclass(frozen=True)
class AdminModel:
    """A model's admin: the object it works on (a world attribute) and its operations.

    ``add`` and ``change`` post the admin's own form as the superuser sees it, with ``data``
    laid over it; ``delete`` confirms the deletion; each action is posted on the target.
    """

    model: str  # "app_label.model_name"
    target: str
    add: Op
    change: Op | list[Op]
    delete: Op | list[Op]
    actions: dict[str, Op] = field(default_factory=dict)
    list_edit: Op | None = None  # the changelist's own form, for an admin with list_editable

    def entries(self) -> list[Write | ReadOnly]:
        app, model = self.model.split(".")
        prefix = f"admin:{app}_{model}"

        def target(op=None):
            name = (op.target if op else None) or self.target
            return lambda w: getattr(w, name)

        def page(name, op=None):
            if name in ("add", "changelist"):
                return lambda w: reverse(f"{prefix}_{name}")
            obj = target(op)
            return lambda w: reverse(f"{prefix}_{name}", args=[obj(w).pk])

        def write(url, op, path, *, variant="", data=None, form=None):
            return Write(
                url=url,
                path=path,
                expect=admin_roles(op.staff, op.superuser),
                data=data or op.data,
                variant=", ".join(v for v in (variant, op.variant) if v),
                form=form,
                watch=op.watch,
                finding=op.finding,
            )

        # Without an add permission the add page is refused before any form is shown.
        add_form = None if self.add.superuser is E403 else page("add")
        entries: list[Write | ReadOnly] = [
            write(f"{prefix}_add", self.add, page("add"), form=add_form),
            ReadOnly(f"{prefix}_history", page("history")),
            *(
                # Without actions or editable columns, the list takes no posts.
                [ReadOnly(f"{prefix}_changelist", page("changelist"), reads_body=True)]
                if not self.actions and self.list_edit is None
                else []
            ),
            # The admin's short object URL, which redirects to the change page.
            ReadOnly(
                f"admin:{app}/{model}/<path:object_id>/",
                lambda w: page("change")(w).removesuffix("change/"),
            ),
        ]
        for op in self.delete if isinstance(self.delete, list) else [self.delete]:
            entries.append(
                write(
                    f"{prefix}_delete",
                    op,
                    page("delete", op),
                    data=lambda w, op=op: {"post": "yes", **op.data(w)},
                )
            )
        for op in self.change if isinstance(self.change, list) else [self.change]:
            entries.append(
                write(f"{prefix}_change", op, page("change", op), form=page("change", op))
            )
        for action, op in self.actions.items():
            entries.append(
                write(
                    f"{prefix}_changelist",
                    op,
                    page("changelist"),
                    variant=f"action {action}",
                    data=_action_data(action, op, target(op)),
                )
            )
        if self.list_edit is not None:
            op = self.list_edit
            entries.append(
                write(
                    f"{prefix}_changelist",
                    op,
                    page("changelist"),
                    variant=LIST_EDIT,
                    data=lambda w: {"_save": "save", **op.data(w)},
                    form=page("changelist"),
                )
            )
        return entries


LIST_EDIT = "list_editable save"


def _action_data(action, op, target):
    def data(w):
        # "post" confirms the deletion action; other actions ignore it.
        return {
            "action": action,
            "_selected_action": [str(target(w).pk)],
            "index": "0",
            "post": "yes",
            **op.data(w),
        }

    return data


def project_entries() -> list[Write | ReadOnly]:
    """The entries of every app's table (tests/<app>/access_matrix.py), admin models expanded."""
    from tests.accounts import access_matrix as accounts
    from tests.companies import access_matrix as companies
    from tests.meetings import access_matrix as meetings
    from tests.openfactory import access_matrix as openfactory
    from tests.site import access_matrix as site
    from tests.talent import access_matrix as talent

    apps = (site, accounts, companies, meetings, openfactory, talent)
    return [e for m in apps for e in expand(m.TABLE)]


def expand(table) -> list[Write | ReadOnly]:
    out = []
    for entry in table:
        out.extend(entry.entries() if isinstance(entry, AdminModel) else [entry])
    return out


def payload(world: World, entry: Write) -> Data:
    """The data of a Write: the page's form as the superuser sees it, with the entry's data
    laid over it (None removes a field)."""
    from tests.html_forms import the_form

    data = {}
    if entry.form is not None:
        form_path = entry.form(world)
        # Every case starts from the world's state (its changes are rolled back), so the
        # page is the same each time, unless the entry prepares something first.
        shown = world.form_pages.get(form_path) if entry.prepare is None else None
        if shown is None:
            page = world.client("superuser").get(form_path)
            assert page.status_code == 200, f"{form_path}: {page.status_code}"
            shown = the_form(page.content.decode(), form_path).data()
            if entry.prepare is None:
                world.form_pages[form_path] = shown
        data = {k: list(v) if isinstance(v, list) else v for k, v in shown.items()}
    for name, value in entry.data(world).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


# --- The URL patterns of the project --------------------------------------------------------


def _walk(patterns, namespace=None, prefix="", inner="") -> Iterator[tuple[str, str]]:
    """(key, full route) of every pattern; ``inner`` is the route inside the namespace."""
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace:
                space = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from _walk(pattern.url_patterns, space, prefix + route, "")
            else:
                yield from _walk(pattern.url_patterns, namespace, prefix + route, inner + route)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                # Unnamed patterns (the admin's object redirect and catch-all) are known by
                # their route inside their namespace, which does not move with the admin.
                key = f"{namespace}:{inner + route}" if namespace else prefix + route
            yield key, prefix + route


def url_patterns() -> dict[str, str]:
    """Every URL pattern the resolver knows, by name (namespaced) or route: the full route."""
    return dict(_walk(get_resolver().url_patterns))


def admin_actions() -> dict[str, set[str]]:
    """Every changelist action of every registered admin, as the superuser is offered them."""
    from django.test import RequestFactory

    from accounts.models import User

    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    found = {}
    for model, model_admin in admin.site._registry.items():
        found[model._meta.label_lower] = set(model_admin.get_actions(request))
    return found


# --- The database, before and after ---------------------------------------------------------

# Sessions change with every sign-in and sign-out; they are not the data a role may change.
NOT_WATCHED = {"sessions.session"}


@dataclass(frozen=True)
class Table:
    """A whole table, read with one plain SELECT (hundreds of snapshots per run: the ORM's
    query building would be most of the suite's time)."""

    label: str
    sql: str
    # On PostgreSQL: a digest of the same rows, computed by the server, so that every table
    # is read in one round trip (two per case) instead of one query each.
    digest: str


def all_tables() -> list[Table]:
    from django.db import connection

    quote = connection.ops.quote_name
    tables = []
    for model in apps.get_models():
        meta = model._meta
        if meta.label_lower in NOT_WATCHED or not meta.managed or meta.proxy:
            continue
        # Names from the models' own metadata, quoted by the backend: no input reaches it.
        columns = ", ".join(quote(f.column) for f in meta.concrete_fields)
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        sql = f"SELECT {columns} FROM {table} ORDER BY {pk}"  # noqa: S608
        rows = f"string_agg(t::text, E'\\n' ORDER BY t.{pk})"
        digest = f"(SELECT md5(coalesce({rows}, '')) FROM {table} t)"  # noqa: S608
        tables.append(Table(meta.label_lower, sql, digest))
    return tables


def snapshot(watched) -> dict[str, list[tuple]]:
    """The rows of whole tables, or of querysets (whole rows, or the columns of values_list)."""
    from django.db import connection

    rows: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        tables = [item for item in watched if isinstance(item, Table)]
        if tables and connection.vendor == "postgresql":
            cursor.execute("SELECT " + ", ".join(t.digest for t in tables))
            digests = cursor.fetchone()
            rows.update((t.label, [(digest,)]) for t, digest in zip(tables, digests, strict=True))
            watched = [item for item in watched if not isinstance(item, Table)]
        for item in watched:
            if isinstance(item, Table):
                cursor.execute(item.sql)
                rows[item.label] = [tuple(row) for row in cursor.fetchall()]
                continue
            queryset = item
            if not queryset._fields:
                queryset = queryset.values_list(*_columns(queryset.model))
            rows.setdefault(queryset.model._meta.label_lower, []).extend(queryset.order_by("pk"))
    return rows


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def changed_tables(before, after) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


# --- A spy on the request body ---------------------------------------------------------------


@contextlib.contextmanager
def body_reads() -> Iterator[list[str]]:
    """Record whether a view reads the request's body (POST, FILES or body).

    A view that reads the body of a POST handles it: such a URL needs a Write entry.
    """
    from django.http.request import HttpRequest

    reads: list[str] = []
    original = HttpRequest._load_post_and_files

    def spy(self):
        reads.append(self.path)
        return original(self)

    HttpRequest._load_post_and_files = spy
    try:
        yield reads
    finally:
        HttpRequest._load_post_and_files = original
