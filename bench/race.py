"""Issue 16's reservation race for bench/run.py: 200 visitors race for one 20-seat slot
through the real form flow over HTTP (programme page, reservation form, details, confirm,
the reservation's page), each visitor a browser of its own (cookies) from an address of its
own (127.x.y.z: the portal's per-address rate limit applies to each as to a real visitor).

Two runs, each on a fresh slot: those told the slot is full leave; or they take the waitlist
(the confirm page's button, which then posts ``join_waitlist``). Measured: the time until
every visitor had an answer (their last page), and from the database afterwards the
confirmed and waitlisted reservations of the slot and its seats taken; 5xx answers and
failed requests count as errors.

The slots are made by ``python bench/race.py prepare`` and read back by ``python bench/race.py
state <slot>...``, run as children with the benchmark's settings and database (as
bench/pages.py); ``race()`` runs in bench/run.py's process.
"""

import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VISITORS, SEATS = 200, 20
ANSWERS = {"answered", "left: told full", "left: full when confirming"}


def prepare() -> dict:
    """Two new 20-seat slots, copies of an open first-come slot of a published edition whose
    reservations are open (the newest edition's, after bench/fill.py)."""
    import datetime as dt

    from django.utils import timezone

    from openfactory import services
    from openfactory.errors import ReservationError
    from openfactory.models import Programme, Slot

    candidates = (
        Slot.objects.filter(
            starts_at__gt=timezone.now() + dt.timedelta(days=2),
            programme__allocation=Programme.Allocation.FIRST_COME,
            programme__exhibitor__area_day__edition__is_published=True,
        )
        .select_related("programme__exhibitor__area_day__edition")
        .order_by("-starts_at")[:200]
    )
    for candidate in candidates:
        try:
            services.slot_check_open(slot=candidate)
        except ReservationError:
            continue
        made = [
            Slot.objects.create(
                programme=candidate.programme,
                starts_at=candidate.starts_at,
                ends_at=candidate.ends_at,
                seats=SEATS,
            )
            for _ in range(2)
        ]
        for slot in made:
            services.slot_check_open(slot=slot)
        return {
            "slots": [slot.pk for slot in made],
            "programme": candidate.programme.get_absolute_url(),
        }
    raise SystemExit("bench/race.py: no open first-come slot to race for (load the demo data)")


def state(slot_ids: list[int]) -> dict:
    from django.conf import settings
    from django.db.models import Count

    from openfactory.models import Reservation, Slot

    result = {}
    for slot in Slot.objects.filter(pk__in=slot_ids):
        by_status = dict(
            Reservation.objects.filter(slot=slot)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        result[str(slot.pk)] = {
            "by_status": by_status,
            "seats": slot.seats,
            "seats_taken": slot.seats_taken,
        }
    if settings.REDIS_URL:
        # The race's mails, queued for Celery workers that the benchmark does not run.
        from ayase_portal.celery import app

        app.control.purge()
    return result


@dataclass
class Page:
    """An answer as the racer reads it."""

    status_code: int
    url: str  # the path it was asked for
    text: str
    headers: dict[str, str]


def details(number: int, run: int) -> dict[str, str]:
    return {
        "name": f"綾瀬 花子{number}",
        "name_kana": "アヤセ ハナコ",
        "email": f"racer{run}-{number}@bench.example.jp",  # new addresses each run (daily cap)
        "phone": "090-1234-5678",
        "adults": "1",
        "children": "0",
        "consent": "on",
    }


def race(
    base: str, slot_id: int, programme: str, *, waitlist: bool, network: int, run: int
) -> dict:
    """The race over HTTP; ``network`` (1-254) picks the visitors' addresses 127.<network>.x.y,
    a range of its own per run, so that one run's requests never count in another's rate
    limit."""
    sys.path.insert(0, str(ROOT))
    from tests.html_forms import the_form

    path = f"/openfactory/slots/{slot_id}/reserve/"
    statuses: Counter = Counter()
    outcomes: Counter = Counter()
    lock = threading.Lock()
    finished: list[float] = []
    started: list[float] = []
    # Every visitor ready (its thread and browser made) before the first request goes out.
    start_line = threading.Barrier(VISITORS, action=lambda: started.append(time.perf_counter()))

    # As behind production's TLS proxy (nginx sets X-Forwarded-Proto): the session and CSRF
    # cookies are Secure, so the racer keeps them itself and its Referer names the https page,
    # as a browser's would.
    host, port = base.split("://", 1)[1].split(":")
    origin = f"https://{host}:{port}"

    class Browser:
        """One visitor's browser: its cookies, its own address, one connection a request (a
        sync gunicorn worker closes each). The standard library's http.client, not httpx:
        the racers share the portal's two cores, and http.client costs them a third of the
        CPU per request (docs/benchmarks.md)."""

        def __init__(self, source: str):
            self.source = source
            self.cookies: dict[str, str] = {}

        def request(self, method: str, url: str, body: str | None = None, **headers) -> Page:
            headers |= {
                "Accept-Language": "ja",
                "User-Agent": "ayase-bench-race",
                "X-Forwarded-Proto": "https",
            }
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection = http.client.HTTPConnection(
                host, int(port), timeout=60, source_address=(self.source, 0)
            )
            try:
                connection.request(method, url, body=body, headers=headers)
                answer = connection.getresponse()
                page = Page(answer.status, url, answer.read().decode(), dict(answer.getheaders()))
                cookies = answer.headers.get_all("Set-Cookie") or []
            finally:
                connection.close()
            for header in cookies:
                cookie = SimpleCookie()
                cookie.load(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return page

        def get(self, url: str) -> Page:
            return self.request("GET", url)

        def post(self, page: Page, **extra) -> Page:
            data = {**the_form(page.text, path).data(), **extra}
            return self.request(
                "POST",
                path,
                body=urllib.parse.urlencode(data, doseq=True),
                Referer=origin + page.url,
                **{"Content-Type": "application/x-www-form-urlencoded"},
            )

    def visit(number: int) -> None:
        browser = Browser(f"127.{network}.{number // 200}.{number % 200 + 1}")
        responses: list[Page] = []
        outcome = "no answer"
        start_line.wait(timeout=120)
        try:
            responses.append(browser.get(programme))
            form = browser.get(path)
            responses.append(form)
            confirm = browser.post(form, **details(number, run))
            responses.append(confirm)
            if confirm.status_code != 200:
                outcome = f"details {confirm.status_code}"
            else:
                told_full = the_form(confirm.text, path).data().get("join_waitlist") == "True"
                outcome = "left: told full"
                if waitlist or not told_full:
                    done = browser.post(confirm, reserve="", rules_read="on")
                    responses.append(done)
                    if done.status_code == 409 and waitlist:
                        # Full when confirming: the page now offers the waitlist.
                        done = browser.post(done, reserve="", rules_read="on")
                        responses.append(done)
                    if done.status_code == 302:
                        page = browser.get(urllib.parse.urlsplit(done.headers["Location"]).path)
                        responses.append(page)
                        outcome = "answered" if page.status_code == 200 else "page error"
                    elif done.status_code == 409:
                        outcome = "left: full when confirming"
                    else:
                        outcome = f"confirm {done.status_code}"
        except (OSError, http.client.HTTPException, LookupError) as error:
            outcome = f"error {type(error).__name__}"
        with lock:
            finished.append(time.perf_counter())
            statuses.update(r.status_code for r in responses)
            outcomes[outcome] += 1

    cpu = time.process_time()  # the racers' own CPU time: the same two cores as the portal's
    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        list(pool.map(visit, range(VISITORS)))
    cpu = time.process_time() - cpu
    errors = sum(n for status, n in statuses.items() if status >= 500) + sum(
        n for outcome, n in outcomes.items() if outcome.startswith("error")
    )
    # A visitor with no proper answer (its reservation's page, or told the time is full).
    unanswered = sum(n for outcome, n in outcomes.items() if outcome not in ANSWERS)
    return {
        "waitlist": waitlist,
        "seconds": max(finished) - started[0],
        "racers_cpu_seconds": cpu,
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "outcomes": dict(outcomes),
        "errors": errors,
        "unanswered": unanswered,
    }


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ayase_portal.settings.production")
    import django

    django.setup()
    if sys.argv[1] == "prepare":
        print(json.dumps(prepare()))
    else:
        print(json.dumps(state([int(pk) for pk in sys.argv[2:]])))


if __name__ == "__main__":
    main()
