"""Lighthouse on a phone against the portal as production serves it (run through
``bench/lighthouse``, which installs Lighthouse and sets LIGHTHOUSE and CHROME_PATH).

gunicorn with the production settings, whitenoise serving the collected static files
(compressed, cache-busting names), the demo data. For each page: Lighthouse's mobile
defaults (a mid-range phone, simulated slow 4G and a 4x slower CPU), performance,
accessibility, best practices and SEO, ``--runs`` times; the run with the median performance
score is kept, as Lighthouse's documentation advises. The table is printed and written into
docs/benchmarks.md between its Lighthouse markers (replacing the previous figures).
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from serve import environment, portal

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local URL)
        return response.read().decode()


def first_link(base: str, path: str, pattern: str) -> str:
    found = re.search(pattern, get(base + path))
    if not found:
        raise SystemExit(f"no link matching {pattern} on {path}")
    return found[0]


def pages(base: str) -> list[tuple[str, str]]:
    area_day = first_link(base, "/openfactory/", r"/openfactory/\d{4}/[\w-]+/")
    return [
        ("home", "/"),
        ("programme", first_link(base, area_day, r"/openfactory/programmes/\d+/")),
        ("minutes (list)", "/meetings/"),
        ("minutes (meeting)", first_link(base, "/meetings/", r"/meetings/\d+/")),
    ]


def lighthouse(url: str, out: Path) -> dict:
    command = [
        os.environ["LIGHTHOUSE"],
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    # Chromium, started afresh for each run, now and then fails to come up on a busy machine
    # (Lighthouse then exits 1): one more try.
    if subprocess.run(command).returncode:
        subprocess.run(command, check=True)
    report = json.loads(out.read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    metrics = {label: report["audits"][key]["displayValue"] for key, label in METRICS.items()}
    failed = [
        audit["id"]
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and (audit := report["audits"][ref["id"]])["score"] is not None
        if audit["score"] < 0.9
    ]
    return {"scores": scores, "metrics": metrics, "failed": failed}


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    chromium = subprocess.run(
        [os.environ["CHROME_PATH"], "--version"], capture_output=True, text=True
    ).stdout.strip()
    version = subprocess.run(
        [os.environ["LIGHTHOUSE"], "--version"], capture_output=True, text=True
    ).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory} GiB, {platform.system()} "
        f"{platform.release()}; {chromium}; Lighthouse {version} on Node {node}"
    )


def table(results: list[tuple[str, str, dict]]) -> str:
    head = "| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |"
    rows = [head, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, path, result in results:
        s, m = result["scores"], result["metrics"]
        rows.append(
            f"| {name} `{path}` | {s['performance']} | {s['accessibility']} | "
            f"{s['best-practices']} | {s['seo']} | {m['FCP']} | {m['LCP']} | {m['TBT']} | "
            f"{m['CLS']} |"
        )
    return "\n".join(rows)


def write(section: str) -> None:
    text = BENCHMARKS.read_text()
    block = f"{START}\n{section}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    BENCHMARKS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ayase-lighthouse-"))
    env = environment(tmp, args.port, args.workers)
    results = []
    try:
        with portal(env) as (_server, base):
            for name, path in pages(base):
                runs = [lighthouse(base + path, tmp / f"report-{i}.json") for i in range(args.runs)]
                median = statistics.median_low(r["scores"]["performance"] for r in runs)
                kept = next(r for r in runs if r["scores"]["performance"] == median)
                every = ", ".join(str(r["scores"]["performance"]) for r in runs)
                print(f"{name:<18} {path:<28} {kept['scores']}  performance of each run: {every}")
                if kept["failed"]:
                    print(f"{'':<18} below 90: {', '.join(kept['failed'])}")
                results.append((name, path, kept))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    database = env["DATABASE_URL"].split(":", 1)[0]
    section = (
        f"## {dt.date.today().isoformat()} — Lighthouse on a phone (`bench/lighthouse`)\n\n"
        f"Machine: {machine()}.\n\n"
        f"gunicorn ({args.workers} workers) with the production settings and whitenoise, the "
        f"demo data on {database}, on 127.0.0.1 (no network between). Lighthouse's mobile "
        "defaults: a mid-range phone's screen, simulated slow 4G and a 4x slower CPU; "
        f"Chromium headless. Each page {args.runs} times; the run with the median performance "
        "score is shown. Command: "
        f"`{shlex.join(['bench/lighthouse', '--runs', str(args.runs)])}`.\n\n" + table(results)
    )
    print()
    print(table(results))
    if not args.no_write:
        write(section)
        print(f"\nwritten into {BENCHMARKS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
