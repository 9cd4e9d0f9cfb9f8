"""The rehearsal's visitors and staff: the portal's real pages and forms, over HTTPS through
nginx only (deploy/rehearsal/rehearsal.py starts everything and calls :func:`rehearse`).

Each scenario returns its figures and the checks that held or failed; nothing here knows
about the processes except through the two callables it is given (start a second beat, kill
a web node). Only the stored state after the race is read from the database, through
``manage.py rehearsal_data state``.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import re
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.html_forms import the_form

UPSTREAM = "X-Rehearsal-Upstream"
VISITORS = 200


@dataclass
class Site:
    base: str
    verify: str
    data: dict
    password: str
    totp_secret: str
    mail_folder: Path
    logs: Path
    state: Callable[[], dict]


@dataclass
class Checks:
    """What was expected and what was seen, one line each."""

    lines: list[tuple[bool, str]] = field(default_factory=list)

    def expect(self, ok: bool, text: str) -> bool:
        self.lines.append((bool(ok), text))
        return bool(ok)

    @property
    def ok(self) -> bool:
        return all(ok for ok, _text in self.lines)


def client(site: Site, source: str | None = None) -> httpx.Client:
    """A browser of its own (cookies), from its own address when ``source`` is given: each
    visitor is a client of its own to nginx, and so to the portal's rate limits."""
    transport = httpx.HTTPTransport(verify=site.verify, local_address=source, retries=0)
    return httpx.Client(
        base_url=site.base,
        transport=transport,
        timeout=60,
        headers={"User-Agent": "ayase-rehearsal", "Accept-Language": "ja"},
    )


def node(response: httpx.Response) -> str:
    """The web node that answered (the last nginx tried), or "" when nginx answered itself."""
    return response.headers.get(UPSTREAM, "").split(",")[-1].strip()


def post_form(browser: httpx.Client, page: httpx.Response, path: str, **extra) -> httpx.Response:
    """Send the page's form to ``path`` as it is shown, with ``extra`` (the button pressed,
    what was typed). The Referer is the page, as a browser sends it (Django's CSRF check on
    HTTPS compares it with the host)."""
    data = {**the_form(page.text, path).data(), **extra}
    return browser.post(path, data=data, headers={"Referer": str(page.url)})


def totp(secret: str, at: float | None = None) -> str:
    """The authenticator app's six digits (RFC 6238: SHA-1, 30 s)."""
    import base64

    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def visitor_details(number: int) -> dict[str, str]:
    return {
        "name": f"綾瀬 花子{number}",
        "name_kana": "アヤセ ハナコ",
        "email": f"visitor{number}@rehearsal.example.jp",
        "phone": "090-1234-5678",
        "adults": "1",
        "children": "0",
        "consent": "on",
    }


# --- Sessions across nodes -------------------------------------------------------------------


def sessions(site: Site, checks: Checks) -> tuple[dict, httpx.Client]:
    """A visitor reserves with the form served by one node and sent to the other; staff log
    in (password, then the authenticator's code) and are logged in on both nodes."""
    figures: dict = {}
    path = site.data["tomorrow_reserve_url"]
    crossed = False
    for attempt in range(10):
        visitor = client(site)
        form = visitor.get(path)
        details = post_form(visitor, form, path, **visitor_details(1000 + attempt))
        if node(form) == node(details):
            visitor.close()
            continue  # nginx sent both to one node: another visitor tries
        crossed = True
        checks.expect(
            details.status_code == 200 and "予約内容の確認" in details.text,
            f"CSRF token from {node(form)} accepted by {node(details)} (confirm page)",
        )
        done = post_form(visitor, details, path, reserve="")
        page = visitor.get(done.headers.get("Location", "/"))
        checks.expect(
            done.status_code == 302 and "予約が確定しました" in page.text,
            f"reserved on {node(done)}; the message was shown by {node(page)}",
        )
        figures["visitor_nodes"] = [node(form), node(details), node(done), node(page)]
        visitor.close()
        break
    checks.expect(crossed, "a visitor's form and its sending were served by different nodes")

    staff = client(site)
    login_page = staff.get("/accounts/login/")
    login = post_form(
        staff,
        login_page,
        "/accounts/login/",
        login=site.data["staff_email"],
        password=site.password,
    )
    second = staff.get(login.headers.get("Location", "/accounts/2fa/authenticate/"))
    done = post_form(staff, second, "/accounts/2fa/authenticate/", code=totp(site.totp_secret))
    checks.expect(
        done.status_code == 302, f"staff login: password on {node(login)}, code on {node(done)}"
    )
    seen: dict[str, int] = {}
    for _ in range(10):
        admin = staff.get("/admin/")
        seen[node(admin)] = admin.status_code
        if len(seen) == 2:
            break
    figures["staff_admin"] = seen
    checks.expect(
        len(seen) == 2 and set(seen.values()) == {200},
        f"the staff login is valid on both nodes: /admin/ {seen}",
    )
    return figures, staff


# --- Files -----------------------------------------------------------------------------------


def files(site: Site, staff: httpx.Client, checks: Checks) -> dict:
    data = site.data
    allowed = staff.get(data["attachment_url"])
    checks.expect(
        allowed.status_code == 200
        and hashlib.sha256(allowed.content).hexdigest() == data["attachment_sha256"]
        and allowed.headers.get("content-type") == "application/pdf"
        and allowed.headers.get("content-disposition", "").startswith("attachment"),
        f"private attachment to staff: {allowed.status_code}, the file's bytes, "
        f"{allowed.headers.get('content-type')}, {allowed.headers.get('content-disposition')}",
    )
    anonymous = client(site)
    refused = anonymous.get(data["attachment_url"])
    checks.expect(
        refused.status_code == 404, f"private attachment to a visitor: {refused.status_code}"
    )
    direct = anonymous.get("/_private/" + data["attachment_name"])
    checks.expect(
        direct.status_code == 404, f"nginx's internal location asked directly: {direct.status_code}"
    )
    logo = anonymous.get(data["logo_url"])
    checks.expect(
        logo.status_code == 200
        and hashlib.sha256(logo.content).hexdigest() == data["logo_sha256"]
        and not node(logo)
        and "max-age=3600" in logo.headers.get("cache-control", ""),
        f"public logo: {logo.status_code} from nginx itself ({logo.headers.get('cache-control')})",
    )
    home = anonymous.get("/")
    css = re.search(r'href="(/static/[^"]+\.css)"', home.text)
    static = anonymous.get(css.group(1), headers={"Accept-Encoding": "gzip"}) if css else None
    checks.expect(
        static is not None
        and static.status_code == 200
        and "immutable" in static.headers.get("cache-control", "")
        and static.headers.get("content-encoding") == "gzip",
        "static CSS from nginx: a year's cache, gzip",
    )
    anonymous.close()
    # nginx sent the bytes: its static module answers a range of them (206), where the portal
    # streaming the file itself would send all of them (200).
    ranged = staff.get(data["attachment_url"], headers={"Range": "bytes=0-3"})
    checks.expect(
        ranged.status_code == 206 and ranged.content == b"%PDF",
        f"the attachment's bytes came from nginx (X-Accel-Redirect): a range request "
        f"answered {ranged.status_code}",
    )
    proxied = "".join((site.logs / f"web{n}.log").read_text(errors="replace") for n in (1, 2))
    checks.expect(
        data["logo_url"] not in proxied and "/static/" not in proxied,
        "no web node's access log has the logo or a static file",
    )
    return {
        "attachment_headers": {
            k: v for k, v in allowed.headers.multi_items() if k not in ("date", "server")
        },
        "logo_bytes": len(logo.content),
    }


# --- The race for 20 seats ---------------------------------------------------------------------


def read_mails(folder: Path) -> list[tuple[str, str]]:
    """(To, Subject) of every mail Django's file backend wrote, whichever worker wrote it."""
    separator = b"\n" + b"-" * 79 + b"\n"
    mails = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                message = email.message_from_bytes(chunk, policy=email.policy.default)
                mails.append((str(message["To"]), str(message["Subject"])))
    return mails


def race(site: Site, checks: Checks) -> dict:
    path = site.data["reserve_url"]
    statuses: Counter = Counter()
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def visit(number: int) -> None:
        # 127.1.x.y: each visitor its own address (Linux answers for all of 127.0.0.0/8).
        source = f"127.1.{number // 200}.{number % 200 + 1}"
        with client(site, source) as visitor:
            responses = []
            try:
                form = visitor.get(path)
                responses.append(form)
                details = post_form(visitor, form, path, **visitor_details(number))
                responses.append(details)
                outcome = "left, told the time is full"
                if details.status_code != 200:
                    outcome = f"details {details.status_code}"
                # Told on the confirm page that the time is full, one visitor in four joins
                # the waitlist (its button); the others leave.
                told_full = "キャンセル待ちに登録" in details.text
                if details.status_code == 200 and (not told_full or number % 4 == 0):
                    done = post_form(visitor, details, path, reserve="")
                    responses.append(done)
                    outcome = {302: "reserved", 409: "full when confirming"}.get(
                        done.status_code, f"confirm {done.status_code}"
                    )
            except httpx.HTTPError as error:
                outcome = f"error {type(error).__name__}"
            with lock:
                statuses.update(r.status_code for r in responses)
                outcomes[outcome] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=40) as pool:
        list(pool.map(visit, range(VISITORS)))
    seconds = time.monotonic() - started

    state = site.state()
    by_status = state["by_status"]
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    checks.expect(
        by_status.get("confirmed") == site.data["seats"],
        f"{VISITORS} visitors for {site.data['seats']} seats: {by_status.get('confirmed', 0)} "
        f"confirmed, {by_status.get('waitlisted', 0)} on the waitlist",
    )
    checks.expect(server_errors == 0, f"5xx answers during the race: {server_errors}")

    # Every reservation's mail, once, whichever of the two workers sent it.
    expected = dict(state["reservations"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        mails = read_mails(site.mail_folder)
        if {to for to, _s in mails} >= set(expected):
            break
        time.sleep(0.5)
    time.sleep(2)  # a duplicate would come now
    mails = [(to, s) for to, s in read_mails(site.mail_folder) if to in expected]
    per_address = Counter(to for to, _s in mails)
    checks.expect(
        set(per_address) == set(expected) and set(per_address.values()) == {1},
        f"mails: {len(mails)} for {len(expected)} reservations, "
        f"{sum(1 for n in per_address.values() if n > 1)} sent twice, "
        f"{len(set(expected) - set(per_address))} missing",
    )
    sent_by = {
        n: (site.logs / f"worker{n}.log")
        .read_text(errors="replace")
        .count("openfactory.tasks.send_reservation_mail[")
        for n in (1, 2)
    }
    return {
        "seconds": round(seconds, 1),
        "requests": sum(statuses.values()),
        "statuses": dict(statuses),
        "outcomes": dict(outcomes),
        "reservations": by_status,
        "mails": len(mails),
        "mail_tasks_per_worker": sent_by,
        "server_errors": server_errors,
    }


# --- Periodic jobs with a second beat -----------------------------------------------------------

JOBS = (
    "openfactory.tasks.send_reminders",
    "openfactory.tasks.draw_due_lotteries",
    "openfactory.tasks.send_missing_mails",
)
STAMP = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})")


def moments(site: Site, log: str, text: str) -> list[float]:
    """Moments (seconds, from a process's log) of the lines whose message contains ``text``:
    JSON lines (production's LOG_FORMAT) by their ISO time, text lines by their stamp."""
    import datetime as dt

    found = []
    for line in (site.logs / f"{log}.log").read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if text in str(record.get("message", "")) and record.get("time"):
                found.append(dt.datetime.fromisoformat(record["time"]).timestamp())
        elif text in line and (stamp := STAMP.search(line)):
            found.append(dt.datetime.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp())
    return sorted(found)


def periodic(
    site: Site, checks: Checks, start_second_beat: Callable[[], object], job_seconds: int
) -> dict:
    """With the second beat up, each job is sent twice in each of its periods (once by each
    beat) and taken by either worker: each period must show one run and one skipped copy."""
    start_second_beat()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not moments(site, "beat2", "Sending due task"):
        time.sleep(0.2)  # the second beat starting up
    time.sleep(3 * job_seconds + 1)
    figures: dict = {}
    for job in JOBS:
        name = job.rsplit(".", 1)[-1]
        periods = {int(t // job_seconds) for t in moments(site, "beat2", f"({job})")}
        # The last period may still be on its way to the workers.
        periods.discard(max(periods, default=None))
        runs: Counter = Counter()
        skipped: Counter = Counter()
        for worker in ("worker1", "worker2"):
            runs.update(int(t // job_seconds) for t in moments(site, worker, f"job {job} runs"))
            skipped.update(
                int(t // job_seconds) for t in moments(site, worker, f"job {job} skipped")
            )
        once = [k for k in periods if runs[k] == 1 and skipped[k] == 1]
        figures[name] = {
            "periods_with_two_beats": len(periods),
            "runs": sum(runs[k] for k in periods),
            "skipped": sum(skipped[k] for k in periods),
        }
        checks.expect(
            len(periods) >= 2 and len(once) == len(periods),
            f"{name}: sent by both beats in {len(periods)} periods of {job_seconds} s; "
            f"{figures[name]['runs']} runs, {figures[name]['skipped']} copies skipped",
        )
    reminders = Counter(to for to, subject in read_mails(site.mail_folder) if "明日" in subject)
    expected = set(site.data["reminder_emails"])
    checks.expect(
        expected <= set(reminders) and set(reminders.values()) == {1},
        f"reminder mails: {sum(reminders.values())} to {len(reminders)} visitors, each once",
    )
    figures["reminder_mails"] = sum(reminders.values())
    return figures


# --- A web node killed in the middle of traffic --------------------------------------------------


def node_loss(site: Site, checks: Checks, kill_node: Callable[[], object]) -> dict:
    """Visitors read a programme and switch the language (a form, POST) while one node is
    killed; every request is timed, so that those in flight at the kill are told apart."""
    records: list[tuple[float, float, str, int | str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    page = site.data["programme_url"]

    def browse(number: int) -> None:
        with client(site, f"127.2.0.{number + 1}") as visitor:
            n = 0
            while not stop.is_set():
                n += 1
                start = time.monotonic()
                try:
                    if n % 2:
                        response = visitor.get(page)
                        method = "GET"
                    else:
                        shown = visitor.get(page)
                        start = time.monotonic()
                        response = post_form(
                            visitor, shown, "/i18n/setlang/", language="ja", next=page
                        )
                        method = "POST"
                    outcome: int | str = response.status_code
                except httpx.HTTPError as error:
                    method, outcome = "?", type(error).__name__
                with lock:
                    records.append((start, time.monotonic(), method, outcome))

    threads = [threading.Thread(target=browse, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    kill_sent = time.monotonic()
    kill_node()  # returns once the node's processes are gone
    killed_at = time.monotonic()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join()

    def failed(outcome) -> bool:
        return not isinstance(outcome, int) or outcome >= 500

    # In flight: begun before the node was gone, ended after the signal was sent.
    in_flight = [r for r in records if r[0] < killed_at and r[1] > kill_sent]
    after = [r for r in records if r[0] >= killed_at]
    failed_in_flight = [r for r in in_flight if failed(r[3])]
    failed_after = [r for r in after if failed(r[3])]
    checks.expect(bool(after), f"requests after the kill: {len(after)}")
    checks.expect(
        not failed_after,
        f"failed after the kill: {len(failed_after)} (in flight at the kill: {len(in_flight)}, "
        f"of which failed: {len(failed_in_flight)})",
    )
    return {
        "requests": len(records),
        "before_kill": len([r for r in records if r[1] <= kill_sent]),
        "kill_ms": round((killed_at - kill_sent) * 1000),
        "in_flight_at_kill": len(in_flight),
        "failed_in_flight": len(failed_in_flight),
        "after_kill": len(after),
        "failed_after_kill": len(failed_after),
    }


# --- The whole rehearsal ---------------------------------------------------------------------


def rehearse(
    site: Site,
    *,
    start_second_beat: Callable[[], object],
    kill_node: Callable[[], object],
    job_seconds: int,
) -> dict:
    checks = Checks()
    report: dict = {"checks": checks}
    steps = [
        ("sessions", lambda: sessions(site, checks)),
        ("files", None),
        ("race", lambda: race(site, checks)),
        ("periodic", lambda: periodic(site, checks, start_second_beat, job_seconds)),
        ("node_loss", lambda: node_loss(site, checks, kill_node)),
    ]
    staff = None
    for name, step in steps:
        started = time.monotonic()
        print(f"   {name}…", flush=True)
        try:
            if name == "sessions":
                report[name], staff = step()
            elif name == "files":
                if checks.expect(staff is not None, "files: a staff login to download with"):
                    report[name] = files(site, staff, checks)
            else:
                report[name] = step()
        except Exception as error:  # one scenario's failure is reported; the others run
            checks.expect(False, f"{name} failed: {type(error).__name__}: {error}")
        report[f"{name}_seconds"] = round(time.monotonic() - started, 1)
    if staff:
        staff.close()
    report["ok"] = checks.ok
    return report


def format_report(report: dict) -> str:
    lines = ["", "Rehearsal report", "----------------"]
    checks: Checks = report["checks"]
    for ok, text in checks.lines:
        lines.append(f"  {'ok  ' if ok else 'FAIL'} {text}")
    race_ = report.get("race", {})
    if race_:
        lines.append(
            f"  race: {race_['requests']} requests in {race_['seconds']} s, answers "
            f"{race_['statuses']}, outcomes {race_['outcomes']}, mail tasks per worker "
            f"{race_['mail_tasks_per_worker']}"
        )
    loss = report.get("node_loss", {})
    if loss:
        lines.append(
            f"  node loss: {loss['requests']} requests, {loss['in_flight_at_kill']} in flight at "
            f"the kill ({loss['failed_in_flight']} failed; the kill took {loss['kill_ms']} ms), "
            f"{loss['after_kill']} after it "
            f"({loss['failed_after_kill']} failed)"
        )
    periodic_ = report.get("periodic", {})
    if periodic_:
        jobs = {k: v for k, v in periodic_.items() if isinstance(v, dict)}
        lines.append(f"  periodic jobs with two beats and two workers: {jobs}")
    lines.append(f"  {'PASSED' if report.get('ok') else 'FAILED'}")
    return "\n".join(lines)
