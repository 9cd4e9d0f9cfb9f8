"""The main pages of the portal, measured in process for bench/run.py: the path of each (found
from the data, as a visitor would click to it), its SQL queries, the slowest query's planning
and execution time (``EXPLAIN (ANALYZE)``, PostgreSQL only) and the response's size.

The page cache is off here (each page is rendered); bench/run.py's requests per second are
measured with it on, as production serves them.

Run by bench/run.py with the settings and database of the benchmark; prints one JSON object:
``{"pages": [...], "staff_cookie": "sessionid=..."}``. The staff pages are requested as a
superuser made here, whose session has proved its second factor as a real login would.
"""

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ayase_portal.settings.production")
# Queries and plans of a page as rendered: with the page cache (core/page_cache.py) a visitor
# without a session would be served the kept copy with no query at all, which says nothing of
# what the page costs each time the data changes. Requests per second are measured with it.
os.environ["PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

STAFF_USER = "bench-staff@example.jp"


def first_link(client: Client, page: str, pattern: str, required: bool = True) -> str | None:
    body = client.get(page).content.decode()
    found = re.search(pattern, body)
    if not found and required:
        raise SystemExit(f"no link matching {pattern} on {page}: load the demo data first")
    return found[0] if found else None


def staff_client() -> Client:
    from allauth.mfa.models import Authenticator

    from accounts import mfa
    from accounts.models import User

    user = User.objects.filter(email=STAFF_USER).first() or User.objects.create_superuser(
        email=STAFF_USER, password=os.urandom(16).hex()
    )
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    mfa.record_second_factor(session, user)
    mfa.record_login(session)
    session.save()
    return client


def paths(public: Client) -> list[tuple[str, str, bool]]:
    """(name, path, as staff) of every main page."""
    from openfactory.models import Survey

    edition = first_link(public, "/openfactory/", r"/openfactory/\d{4}/")
    area_day = first_link(public, edition, r"/openfactory/\d{4}/[\w-]+/")
    company = first_link(public, "/companies/", r"/companies/(?!posts/|mine/|dashboard/)[^/\"?]+/")
    survey = Survey.objects.order_by("pk").values_list("pk", flat=True).first()
    pages = [
        ("home", "/", False),
        ("meetings list", "/meetings/", False),
        ("meeting", first_link(public, "/meetings/", r"/meetings/\d+/"), False),
        # Asked again: served from the page cache (bench/run.py also times first-asked ones).
        ("search", "/meetings/search/?q=%E5%AF%AE", False),  # 寮
        ("edition", edition, False),
        ("area day", area_day, False),
        ("programme", first_link(public, area_day, r"/openfactory/programmes/\d+/"), False),
        ("companies", "/companies/", False),
        ("company", company, False),
        ("timeline", "/companies/posts/", False),
        ("applications", "/talent/staff/", True),
    ]
    # The demo data has no Smart Navi post (nor, before its survey is made, a survey).
    post = first_link(public, "/companies/posts/", r"/companies/[^/\"?]+/posts/\d+/", False)
    if post is not None:
        pages.insert(-1, ("post", post, False))
    if survey is not None:
        pages.append(("survey results", f"/openfactory/surveys/{survey}/results/", True))
    return pages


def slowest_plan(queries) -> tuple[float | None, float | None, str]:
    """Planning and execution time (ms) of the query that takes longest in both together."""
    if connection.vendor != "postgresql":
        return None, None, ""
    worst = (None, None, "")
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]
            planning, execution = plan["Planning Time"], plan["Execution Time"]
            if worst[0] is None or planning + execution > worst[0] + worst[1]:
                worst = (planning, execution, sql[:200])
    return worst


def main():
    public, staff = Client(HTTP_HOST="127.0.0.1"), staff_client()
    results = []
    for name, path, as_staff in paths(public):
        client = staff if as_staff else public
        client.get(path)  # warm: templates compiled, caches filled
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{name} {path}: {response.status_code}")
        planning, execution, sql = slowest_plan(queries.captured_queries)
        results.append(
            {
                "name": name,
                "path": path,
                "staff": as_staff,
                "queries": len(queries),
                "planning_ms": planning,
                "execution_ms": execution,
                "slowest_sql": sql,
                "bytes": len(response.content),
            }
        )
    cookie = f"{settings.SESSION_COOKIE_NAME}={staff.cookies[settings.SESSION_COOKIE_NAME].value}"
    print(json.dumps({"pages": results, "staff_cookie": cookie}))


if __name__ == "__main__":
    main()
