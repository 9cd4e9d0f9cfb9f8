"""Benchmark: the portal's main pages under gunicorn with the production settings, each beside
a bare Django view of the same size (bench/reference/app.py) under the same gunicorn settings;
then issue 16's reservation race and the search latency over HTTP under the same gunicorn.

For every page (home, meetings list, meeting, search, edition, area day, programme, companies,
company, timeline, post; applications and survey results as city staff) it prints: SQL
queries and the slowest query's planning and execution time (bench/pages.py), response
bytes, requests per second and p50/p95/p99 over loopback, and the ratio to the bare view
measured alternately with it (A B A B A B: absolute figures drift on a shared machine, ratios
measured together much less). Then the reservation race (bench/race.py): 200 visitors for one
20-seat slot through the form flow, once leaving when told it is full, once taking the
waitlist: the time until all had an answer, confirmed, waitlisted, errors. Then p50/p95 of
/meetings/search/?q= for a 1-, 2- and 4-character query, first asked and asked again; the
peak RSS of a gunicorn worker; and each budget of issue 16 as met or missed.

Uses DATABASE_URL (and REDIS_URL) when set, else a fresh SQLite file; loads the demo data
first. ``--fill`` then fills it with issue 16's twenty years (bench/fill.py; ``--scale`` 1 by
default, 0.05 with ``--quick``): on PostgreSQL the database is dropped and created again first,
so its name must contain "bench". ``--quick`` takes about two minutes (plus the fill's time);
``--record`` appends the figures, with the machine and its load, to docs/benchmarks.md.

    python bench/run.py [--quick] [--record] [--fill [--scale 1]] [--requests 400]
        [--clients 8] [--workers 2] [--rounds 3] [--search-runs 100] [--only pages|race|search]

``--only`` measures one part (the pages, the race or the search) and judges no budget.
"""

import argparse
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import race
from serve import environment, portal

ROOT = Path(__file__).resolve().parent.parent
# Issue 16's budgets.
PUBLIC_RATIO, PROGRAMME_RATIO = 0.25, 0.5
P95_MS, MAX_QUERIES, MAX_PLANNING_MS = 50, 8, 1.0
WORKER_RSS_MIB, PUBLIC_HTML_KIB = 200, 30
RACE_SECONDS = 5  # every racer answered within, with no error and never over 20 confirmed
# Search latency over HTTP: 1, 2 and 4 characters (bench/search.py measures more in process).
SEARCH_QUERIES = ["寮", "人材", "合同研修"]
QUICK_FILL_SCALE = 0.05


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_rss_mib(pid: int) -> float:
    """The largest resident memory of the gunicorn master's children (its workers), in MiB."""
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    largest = 0
    for child in children:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]))
        except FileNotFoundError:
            pass
    return largest / 1024


def fetch(url: str, cookie: str | None = None) -> float:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (local URL)
        response.read()
        assert response.status == 200, url
    return time.perf_counter() - start


def load(url: str, requests: int, clients: int, cookie: str | None) -> tuple[float, list[float]]:
    """Requests per second and the latencies of ``requests`` requests by ``clients`` threads."""
    for _ in range(10):
        fetch(url, cookie)  # warm up
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        timings = list(pool.map(lambda _: fetch(url, cookie), range(requests)))
    return requests / (time.perf_counter() - start), timings


@contextmanager
def reference(port: int, workers: int):
    """The bare view, served by the same gunicorn.conf.py as the portal."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESSLOG": "",
        "LOG_LEVEL": "warning",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "bench.reference.app:application"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def page_facts(env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "bench/pages.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"bench/pages.py failed:\n{out.stderr[-3000:]}{out.stdout[-1000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def child_json(env: dict[str, str], *command: str, progress: bool = False) -> dict:
    """Run a bench script with the benchmark's settings and database; its last line's JSON.
    With ``progress`` its stderr is shown as it comes."""
    out = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=None if progress else subprocess.PIPE,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"{command[0]} failed:\n{(out.stderr or '')[-3000:]}{out.stdout[-1000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_database(url: str) -> None:
    """--fill starts from an empty database: DATABASE_URL's is dropped and created again
    (its name must contain "bench", so that no other database can be touched)."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    if "bench" not in name:
        raise SystemExit(f"--fill drops the database: {name!r} must contain 'bench' in its name")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def fill(env: dict[str, str], scale: float) -> dict:
    start = time.perf_counter()
    print(f"filling the database at scale {scale:g} (bench/fill.py) …", flush=True)
    facts = child_json(env, "bench/fill.py", "--scale", str(scale), progress=True)
    facts["wall_seconds"] = round(time.perf_counter() - start, 1)
    for line in fill_lines(facts):
        print(line)
    return facts


def fill_lines(facts: dict) -> list[str]:
    size, res = facts["sizes"], facts["reservations"]
    slots = (
        size["editions"]
        * size["areas"]
        * size["exhibitors_per_area_day"]
        * size["programmes_per_exhibitor"]
        * size["slots_per_programme"]
    )
    held = ", ".join(f"{res[k]:,} {k}" for k in sorted(res) if k != "slots")
    parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in facts["seconds"].items())
    return [
        f"Fill at scale {facts['scale']:g} in {facts['wall_seconds']:.0f} s "
        f"(bench/fill.py; {parts}):",
        f"{size['companies']} companies × {size['posts_per_company']} posts × "
        f"{size['photos_per_post']} photos ({facts['posts']:,} posts, "
        f"{facts['posts'] * size['photos_per_post']:,} photo records); "
        f"{facts['meetings_stored']} meetings, {facts['notes_stored']:,} notes; "
        f"{size['editions']} editions × {size['areas']} areas × "
        f"{size['exhibitors_per_area_day']} exhibitors × {size['programmes_per_exhibitor']} "
        f"programmes × {size['slots_per_programme']} slots ({slots:,} slots); "
        f"{size['reservations']:,} reservations ({held}); "
        f"{facts['survey_answers']:,} survey answers; {size['applications']:,} applications.",
    ]


def run_races(env: dict[str, str], base: str) -> list[dict]:
    """The reservation race twice (bench/race.py): racers who find the slot full leave, then
    racers who take the waitlist; each on a fresh 20-seat slot."""
    ready = child_json(env, "bench/race.py", "prepare")
    results = []
    # Addresses 127.<network>.x.y: a network per run and per scenario (rate limits).
    network = 2 + int(time.time()) % 120 * 2
    for slot, waitlist in zip(ready["slots"], (False, True), strict=True):
        result = race.race(
            base, slot, ready["programme"], waitlist=waitlist, network=network, run=slot
        )
        network += 1
        stored = child_json(env, "bench/race.py", "state", str(slot))[str(slot)]
        result |= {
            "confirmed": stored["by_status"].get("confirmed", 0),
            "waitlisted": stored["by_status"].get("waitlisted", 0),
            "seats": stored["seats"],
            "seats_taken": stored["seats_taken"],
        }
        results.append(result)
        print(race_line(result), flush=True)
    return results


def race_name(result: dict) -> str:
    return "race, full → waitlist" if result["waitlist"] else "race, full → leave"


def race_line(result: dict) -> str:
    return (
        f"{race_name(result)}: {race.VISITORS} visitors for {result['seats']} seats, all "
        f"answered in {result['seconds']:.1f} s (the racers took {result['racers_cpu_seconds']:.1f} s"
        f" of CPU); {result['confirmed']} confirmed "
        f"({result['seats_taken']} seats taken), {result['waitlisted']} waitlisted, "
        f"{result['errors']} errors (5xx); {result['requests']} requests {result['statuses']}; "
        f"visitors: {result['outcomes']}"
    )


def search_latency(base: str, runs: int) -> list[dict]:
    """p50/p95 of /meetings/search/?q= per query, one client taking the queries in turns:
    asked for the first time (a parameter the page cache does not keep makes each request
    render the search, as a query nobody asked before is), and asked again (served from the
    page cache's slots for free text)."""
    urls = {q: f"{base}/meetings/search/?q={urllib.parse.quote(q)}" for q in SEARCH_QUERIES}
    for url in urls.values():
        for n in range(5):
            fetch(f"{url}&fresh=warm{n}")  # warm up
            fetch(url)
    first: dict[str, list[float]] = {q: [] for q in urls}
    again: dict[str, list[float]] = {q: [] for q in urls}
    for n in range(runs):
        for query, url in urls.items():
            first[query].append(fetch(f"{url}&fresh={n}"))
            again[query].append(fetch(url))
    rows = []
    for query in urls:
        rows.append(
            {
                "query": query,
                "chars": len(query),
                "p50": percentile(first[query], 0.50),
                "p95": percentile(first[query], 0.95),
                "again_p50": percentile(again[query], 0.50),
                "again_p95": percentile(again[query], 0.95),
            }
        )
        print(
            f"search {query} ({len(query)} chars): first asked p50 {rows[-1]['p50']:.1f}  "
            f"p95 {rows[-1]['p95']:.1f} ms; asked again p50 {rows[-1]['again_p50']:.1f}  "
            f"p95 {rows[-1]['again_p95']:.1f} ms",
            flush=True,
        )
    return rows


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000


def budgets(rows: list[dict], rss: float, races: list[dict]) -> list[tuple[str, bool, str]]:
    public = [r for r in rows if not r["staff"]]
    checks = []
    for row in public:
        wanted = PROGRAMME_RATIO if row["name"] == "programme" else PUBLIC_RATIO
        checks.append(
            (
                f"{row['name']}: ≥ {wanted}× the bare view",
                row["ratio"] >= wanted,
                f"{row['ratio']:.3f}×",
            )
        )
    slow = [r for r in rows if r["p95"] > P95_MS]
    checks.append(
        (f"p95 ≤ {P95_MS} ms on every page", not slow, ", ".join(r["name"] for r in slow) or "all")
    )
    many = [r for r in rows if r["queries"] > MAX_QUERIES]
    checks.append(
        (
            f"≤ {MAX_QUERIES} queries on every page",
            not many,
            ", ".join(f"{r['name']} {r['queries']}" for r in many) or "all",
        )
    )
    planned = [r for r in public if (r["planning_ms"] or 0) > MAX_PLANNING_MS]
    measured = any(r["planning_ms"] is not None for r in public)
    checks.append(
        (
            f"no public query plans in over {MAX_PLANNING_MS} ms",
            measured and not planned,
            ", ".join(f"{r['name']} {r['planning_ms']:.2f} ms" for r in planned)
            or ("all" if measured else "not measured (PostgreSQL only)"),
        )
    )
    big = [r for r in public if r["bytes"] > PUBLIC_HTML_KIB * 1024]
    checks.append(
        (
            f"public HTML ≤ {PUBLIC_HTML_KIB} KB",
            not big,
            ", ".join(f"{r['name']} {r['bytes'] / 1024:.0f} KB" for r in big) or "all",
        )
    )
    checks.append((f"worker RSS ≤ {WORKER_RSS_MIB} MB", rss <= WORKER_RSS_MIB, f"{rss:.0f} MB"))
    for result in races:
        checks.append(
            (
                f"{race_name(result)}: every visitor answered within {RACE_SECONDS} s, "
                f"0 errors, never more than {result['seats']} confirmed",
                result["seconds"] <= RACE_SECONDS
                and result["errors"] == 0
                and result["unanswered"] == 0
                and result["confirmed"] <= result["seats"],
                f"{result['seconds']:.1f} s, {result['errors']} errors, "
                f"{result['confirmed']} confirmed"
                + (f", {result['unanswered']} without an answer" if result["unanswered"] else ""),
            )
        )
    return checks


def table(rows: list[dict], header: str) -> list[str]:
    lines = [
        header,
        "",
        "| page | queries | slowest: plan / exec ms | bytes | req/s | bare req/s | ratio | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        plan = (
            f"{r['planning_ms']:.2f} / {r['execution_ms']:.2f}"
            if r["planning_ms"] is not None
            else "n/a"
        )
        who = " (staff)" if r["staff"] else ""
        lines.append(
            f"| {r['name']}{who} | {r['queries']} | {plan} | {r['bytes']:,} | {r['rps']:.0f} | "
            f"{r['bare_rps']:.0f} | {r['ratio']:.3f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} |"
        )
    return lines


def search_table(rows: list[dict]) -> list[str]:
    return [
        "| search query | chars | first asked p50 ms | p95 ms | asked again p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {r['query']} | {r['chars']} | {r['p50']:.1f} | {r['p95']:.1f} "
            f"| {r['again_p50']:.1f} | {r['again_p95']:.1f} |"
            for r in rows
        ),
    ]


def report(
    filled: dict,
    rows: list[dict],
    header: str,
    races: list[dict],
    searches: list[dict],
    search_runs: int,
    rss: float,
    checks: list[tuple[str, bool, str]],
) -> list[str]:
    """The section --record appends to docs/benchmarks.md."""
    return [
        "",
        f"## {dt.date.today().isoformat()} — main pages beside a bare Django view (`bench/run.py`)",
        "",
        *([*fill_lines(filled), ""] if filled else []),
        *table(rows, header),
        "",
        *(f"- {race_line(r)}" for r in races),
        "",
        f"/meetings/search/?q= over HTTP, one client, {search_runs} requests per query "
        "taken in turns; first asked (rendered, as a search nobody asked before) and asked "
        "again (kept in the page cache, as the pages above are):",
        "",
        *search_table(searches),
        "",
        f"Peak RSS of a gunicorn worker after the run (pages, races, searches): {rss:.0f} MB.",
        "",
        "Budgets (issue 16):",
        "",
        *(
            f"- {'met' if met else '**missed**'}: {label} ({detail})"
            for label, met, detail in checks
        ),
        "",
    ]


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    load1, load5, _ = os.getloadavg()
    return f"{os.cpu_count()} cores ({model}), load average {load1:.1f} / {load5:.1f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer requests, one round")
    parser.add_argument("--record", action="store_true", help="append to docs/benchmarks.md")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--fill",
        action="store_true",
        help="first fill the database with issue 16's twenty years (bench/fill.py)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=None,
        help=f"of the fill: 1 is issue 16's sizes (default; {QUICK_FILL_SCALE} with --quick)",
    )
    parser.add_argument("--search-runs", type=int, default=100)
    parser.add_argument(
        "--only",
        choices=("pages", "race", "search"),
        help="measure only this part (no budgets are judged, nothing is recorded)",
    )
    args = parser.parse_args()
    if args.only and args.record:
        parser.error("--record needs the whole run")
    requests, rounds = (100, 1) if args.quick else (args.requests, args.rounds)
    search_runs = 30 if args.quick else args.search_runs
    scale = args.scale if args.scale is not None else (QUICK_FILL_SCALE if args.quick else 1.0)

    tmp = Path(tempfile.mkdtemp())
    env = environment(tmp, free_port(), args.workers)
    env["GUNICORN_THREADS"] = "1"
    # The race's mails: not printed by the console backend (without Redis they are sent in the
    # request, as Celery runs eagerly then).
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    filled: dict = {}
    if args.fill and env["DATABASE_URL"].startswith("postgres"):
        fresh_database(env["DATABASE_URL"])

    def after_load() -> None:
        if args.fill:
            filled.update(fill(env, scale))

    log = tmp / "gunicorn.log"
    with (
        portal(env, after_load, log) as (server, base),
        reference(free_port(), args.workers) as bare,
    ):
        facts = page_facts(env)
        database = env["DATABASE_URL"].split(":", 1)[0]
        header = (
            f"gunicorn {args.workers} sync workers, {args.clients} clients, {requests} requests "
            f"× {rounds} round(s) per page and per bare view, {database}, "
            f"{'filled at scale ' + format(scale, 'g') if filled else 'demo data'}; {machine()}"
        )
        print(header)
        rows = []
        for page in facts["pages"] if args.only in (None, "pages") else []:
            cookie = facts["staff_cookie"] if page["staff"] else None
            ratios, rates, bare_rates, timings = [], [], [], []
            for _ in range(rounds):  # A B A B A B
                bare_rps, _ = load(f"{bare}/?bytes={page['bytes']}", requests, args.clients, None)
                rps, times = load(base + page["path"], requests, args.clients, cookie)
                ratios.append(rps / bare_rps)
                rates.append(rps)
                bare_rates.append(bare_rps)
                timings.extend(times)
            row = {
                **page,
                "rps": statistics.median(rates),
                "bare_rps": statistics.median(bare_rates),
                "ratio": statistics.median(ratios),
                "p50": percentile(timings, 0.50),
                "p95": percentile(timings, 0.95),
                "p99": percentile(timings, 0.99),
            }
            rows.append(row)
            print(
                f"{row['name']:<16}{row['queries']:>4} q {row['bytes']:>8} B {row['rps']:>7.0f} req/s"
                f" (bare {row['bare_rps']:.0f}, {row['ratio']:.3f}×)  p50 {row['p50']:.1f}"
                f"  p95 {row['p95']:.1f}  p99 {row['p99']:.1f} ms"
                + (
                    f"; slowest query planned {row['planning_ms']:.2f}, ran {row['execution_ms']:.2f} ms"
                    if row["planning_ms"] is not None
                    else ""
                ),
                flush=True,
            )
        print(f"\nthe portal's log (4xx warnings of the race among them): {log}")
        races = run_races(env, base) if args.only in (None, "race") else []
        searches = search_latency(base, search_runs) if args.only in (None, "search") else []
        rss = worker_rss_mib(server.pid)
    if args.only:
        print(f"\nlargest worker RSS {rss:.0f} MiB; budgets are judged on the whole run only")
        return
    checks = budgets(rows, rss, races)
    print()
    for label, met, detail in checks:
        print(f"{'met   ' if met else 'MISSED'} {label}: {detail}")
    if args.record:
        lines = report(filled, rows, header, races, searches, search_runs, rss, checks)
        with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as out:
            out.write("\n".join(lines))


if __name__ == "__main__":
    main()
