"""Benchmark: the portal's main pages under gunicorn with the production settings, each beside
a bare Django view of the same size (bench/reference/app.py) under the same gunicorn settings.

For every page (home, meetings list, meeting, search, edition, area day, programme, companies,
company, timeline, post; applications and survey results as city staff) it prints: SQL
queries and the slowest query's planning and execution time (bench/pages.py), response
bytes, requests per second and p50/p95/p99 over loopback, and the ratio to the bare view
measured alternately with it (A B A B A B: absolute figures drift on a shared machine, ratios
measured together much less); then the peak RSS of a gunicorn worker, and each budget of
issue 16 as met or missed.

Uses DATABASE_URL (and REDIS_URL) when set, else a fresh SQLite file; loads the demo data
first. ``--quick`` takes about two minutes; ``--record`` appends the table, with the machine
and its load, to docs/benchmarks.md.

    python bench/run.py [--quick] [--record] [--requests 400] [--clients 8] [--workers 2]
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
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from serve import environment, portal

ROOT = Path(__file__).resolve().parent.parent
# Issue 16's budgets.
PUBLIC_RATIO, PROGRAMME_RATIO = 0.25, 0.5
P95_MS, MAX_QUERIES, MAX_PLANNING_MS = 50, 8, 1.0
WORKER_RSS_MIB, PUBLIC_HTML_KIB = 200, 30


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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000


def budgets(rows: list[dict], rss: float) -> list[tuple[str, bool, str]]:
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
    args = parser.parse_args()
    requests, rounds = (100, 1) if args.quick else (args.requests, args.rounds)

    tmp = Path(tempfile.mkdtemp())
    env = environment(tmp, free_port(), args.workers)
    env["GUNICORN_THREADS"] = "1"
    with portal(env) as (server, base), reference(free_port(), args.workers) as bare:
        facts = page_facts(env)
        database = env["DATABASE_URL"].split(":", 1)[0]
        header = (
            f"gunicorn {args.workers} sync workers, {args.clients} clients, {requests} requests "
            f"× {rounds} round(s) per page and per bare view, {database}; {machine()}"
        )
        print(header)
        rows = []
        for page in facts["pages"]:
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
                f"  p95 {row['p95']:.1f}  p99 {row['p99']:.1f} ms",
                flush=True,
            )
        rss = worker_rss_mib(server.pid)
    checks = budgets(rows, rss)
    print()
    for label, met, detail in checks:
        print(f"{'met   ' if met else 'MISSED'} {label}: {detail}")
    if args.record:
        lines = [
            "",
            f"## {dt.date.today().isoformat()} — main pages beside a bare Django view (`bench/run.py`)",
            "",
            *table(rows, header),
            "",
            f"Peak RSS of a gunicorn worker after the run: {rss:.0f} MB.",
            "",
            "Budgets (issue 16):",
            "",
            *(
                f"- {'met' if met else '**missed**'}: {label} ({detail})"
                for label, met, detail in checks
            ),
            "",
        ]
        with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as out:
            out.write("\n".join(lines))


if __name__ == "__main__":
    main()
