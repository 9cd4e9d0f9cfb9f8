"""Whole pages kept in Redis (issue 16): public ones for visitors without a session, and a few
of city staff's for their own session.

Most visitors of the public pages (the home page, an edition, an area day, a programme, the
companies and their posts, the minutes' list) are anonymous and see the same page. A view
decorated with :func:`cached_public_page` is rendered once and then served from the cache to
every request that:

- is a GET or HEAD whose query parameters are only those the view names, each once and a
  number in its range (``page`` from 1 to 20 by default): any other parameter or value is
  rendered each time, so that nobody can fill Redis with copies of a page;
  a view may also name parameters of free text up to a length (the minutes' search words, the
  timeline's cursor):
  such pages are kept in a fixed number of slots (``TEXT_SLOTS``), each holding the last
  page stored in it with its full key, so that a search asked again and again is kept while
  a stream of different ones only takes each other's slots and never grows Redis;
- carries no session cookie and no messages cookie: a signed-in user, or an anonymous
  visitor whose session holds something (a visitor pass, a reservation in progress), always
  gets a page rendered for them, and is never served or stored;

and that page is stored only when it is a plain 200 answer that sets no cookie but the CSRF
token's and does not ask not to be cached (``never_cache``). The CSRF token, the one part of
such a page that differs from one visitor to the next (the language switch is a form), is
taken out before the page is stored and a fresh one is put in each time it is served.

Never stale: any save or delete of a model of the apps in ``PAGE_CACHE_APPS`` (signals; but
those in ``PAGE_CACHE_IGNORED_MODELS``, which no page shows), any change of a many-to-many
relation of theirs (a user put in a group), and every write that bypasses signals and changes
what a kept page shows (``update()`` and ``bulk_create()``: the seats taken of a slot, a
comment hidden, a walk-in counted; ``pages_changed()`` beside it), moves the cache's
generation on when its transaction commits, once per transaction; a page stored under an
older generation is not served. Seats left are therefore fresh after every reservation,
cancellation or promotion from the waitlist. What changes with the clock alone (a booking
window that closes) is fresh within ``PAGE_CACHE_SECONDS``. A page's key holds the release
that rendered it (``core.release``): a new release never serves the old one's pages.

A few signed-in pages that are slow to render and read by city staff again and again (a
survey's results, the talent dashboard) are kept too, by :func:`cached_personal_page`: under
the same generation, for one session only (the key holds a digest of the session's key), and
served only after the view's permission check has passed again for this request.

The cache must be shared by every web process: the decorators do nothing unless
``PAGE_CACHE_SECONDS`` is set, which the settings do only with Redis; and while Redis is
unreachable (core.cache falls back to one process's memory) pages are neither served from
nor stored in the cache.
"""

import functools
import hashlib
import re
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token

from .release import release_id

GENERATION_KEY = "page-cache:generation"
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDER = rb"\g<1>{csrf-token}\g<2>"


def _enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _shared() -> bool:
    """False while the cache is one process's fallback memory (core.cache)."""
    is_shared = getattr(cache, "is_shared", None)
    return is_shared() if is_shared is not None else True


def pages_changed() -> None:
    """Every cached page is out of date once the transaction commits (at once outside one).

    Not before: until the commit every other process still reads the data as it was, and a
    page one renders meanwhile is kept under the generation of then, which the commit moves
    on. Once per transaction, however many rows it writes (a reservation writes three): each
    move is a round trip to Redis."""
    if not _enabled():
        return
    if not _bump_on_commit_pending():
        transaction.on_commit(_next_generation)


def _bump_on_commit_pending() -> bool:
    """Whether this transaction already moves the generation on when it commits. Read from
    Django's list of on-commit callbacks, from which a rolled-back savepoint's are removed."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        entry[1] is _next_generation for entry in connection.run_on_commit
    )


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet, or evicted: a new random one
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


def _fresh_generation() -> int:
    """A generation no stored page carries: were it counted from 0 again after Redis evicted
    it, pages of the first generations would be served again."""
    return secrets.randbits(62)


def _on_model_change(sender, **kwargs) -> None:
    label = sender._meta.label
    if label in settings.PAGE_CACHE_IGNORED_MODELS:
        return
    if sender._meta.app_label in settings.PAGE_CACHE_APPS or label in settings.PAGE_CACHE_MODELS:
        pages_changed()


def _on_relation_change(sender, instance, action, model, **kwargs) -> None:
    """A many-to-many change (a user put in a group, a member marked attending) is a change
    of the models on both of its sides."""
    if action in ("post_add", "post_remove", "post_clear"):
        _on_model_change(type(instance))
        _on_model_change(model)


def connect_signals() -> None:
    post_save.connect(_on_model_change, dispatch_uid="page_cache_save")
    post_delete.connect(_on_model_change, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_on_relation_change, dispatch_uid="page_cache_relation")


DEFAULT_QUERY = {"page": range(1, 21)}
# Slots for the pages whose query holds free text: at most this many such pages in Redis.
TEXT_SLOTS = 256


def _kept_query(request, query: dict[str, range], text: dict[str, int] | None = None) -> bool:
    """Every parameter once: a number in its range, or free text (``text``) within its length."""
    text = text or {}
    for name, values in request.GET.lists():
        if len(values) != 1:
            return False
        if name in text:
            if len(values[0]) > text[name]:
                return False
            continue
        if name not in query or not values[0].isascii():
            return False
        if not values[0].isdigit() or int(values[0]) not in query[name]:
            return False
    return True


def _cacheable_request(request, query: dict[str, range], text: dict[str, int]) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and _kept_query(request, query, text)
    )


def _key(request) -> str:
    """The page's key: its release (core.release), language, host and full path."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"page-cache:{release_id()}:{language}:{request.get_host()}:{request.get_full_path()}"


def _text_slot(key: str) -> str:
    """The one slot where the page of ``key`` (a query of free text) may be kept."""
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % TEXT_SLOTS
    return f"page-cache:text-slot:{number}"


def _served_or_stored(
    request,
    key: str,
    render: Callable[[], HttpResponse],
    *,
    personal: bool,
    slot: str | None = None,
):
    """The page kept under ``key`` if it is of the current generation, else ``render()``'s,
    kept for the next request when it may be. With ``slot``, the page is kept there with its
    key, and served only to a request of that same key."""
    where = slot or key
    found = cache.get_many([GENERATION_KEY, where])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # Rendered, not stored: the pages of the next requests carry the new one.
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        return render()
    stored = found.get(where)
    # Kept as (generation, headers, content), and in a slot (generation, key, headers, content).
    identity = (generation, key) if slot else (generation,)
    if stored is not None and tuple(stored[:-2]) == identity and _shared():
        headers, content = stored[-2:]
        token = get_token(request).encode()
        return HttpResponse(_TOKEN.sub(lambda m: m[1] + token + m[2], content), headers=headers)
    response = render()
    if _keepable(response, personal=personal) and _shared():
        if hasattr(response, "render"):
            response.render()
        content = _TOKEN.sub(_PLACEHOLDER, response.content)
        headers = {k: v for k, v in response.headers.items() if k != "Set-Cookie"}
        cache.set(where, (*identity, headers, content), settings.PAGE_CACHE_SECONDS)
    return response


def _keepable(response, *, personal: bool) -> bool:
    """A public page that asks no cache to keep it is not kept; a personal page is never kept
    by the browser or a proxy (``never_cache``), which says nothing of this cache."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and (personal or not any(w in cache_control for w in ("private", "no-cache", "no-store")))
    )


def cached_public_page(
    view=None, *, query: dict[str, range] | None = None, text: dict[str, int] | None = None
):
    """Serve the view's page from the cache to visitors without a session (see above).

    ``query`` names the parameters of numbers and their ranges; ``text`` those of free text
    and their longest length."""
    text = text or {}

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _enabled() or not _cacheable_request(request, query or DEFAULT_QUERY, text):
                return view(request, *args, **kwargs)
            key = _key(request)
            return _served_or_stored(
                request,
                key,
                lambda: view(request, *args, **kwargs),
                personal=False,
                slot=_text_slot(key) if any(name in request.GET for name in text) else None,
            )

        return wrapper

    return decorate(view) if view is not None else decorate


def _personal_key(request) -> str | None:
    """The key of a signed-in user's page in this session, or None: not to be kept (no
    session yet, or messages waiting to be shown once)."""
    session = request.session
    if session.session_key is None or "_messages" in session or "messages" in request.COOKIES:
        return None
    digest = hashlib.sha256(session.session_key.encode()).hexdigest()[:32]
    return f"personal-page:{request.user.pk}:{digest}:{_key(request)}"


def cached_personal_page(*, allowed: Callable[[object], bool], query: dict[str, range]):
    """Keep the view's page for the signed-in user who asked for it, in their session only
    (see above). ``allowed(user)`` is the view's own permission check: the kept page is served
    only while it holds, and the view itself still checks when it renders."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            key = None
            if (
                _enabled()
                and request.method in ("GET", "HEAD")
                and user.is_authenticated
                and _kept_query(request, query)
                and allowed(user)
            ):
                key = _personal_key(request)
            if key is None:
                return view(request, *args, **kwargs)
            return _served_or_stored(
                request, key, lambda: view(request, *args, **kwargs), personal=True
            )

        return wrapper

    return decorate
