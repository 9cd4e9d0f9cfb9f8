"""Benchmark of the minutes parser: files of 5 MB, of every shape, in linear time.

Each shape is parsed at 1, 2.5 and 5 MB so that the growth shows (linear: the time doubles
with the size). Shapes: the committee's seed repeated (real layout), one heading holding
notes, a run of blank lines, one wrapped paragraph going on for ever, very long lines, and
random lines of every marker. The parser runs without a time limit here; the web upload and
the command stop a file after meetings.minutes_parser.TIME_LIMIT seconds. Record the figures
in docs/benchmarks.md.

    python bench/minutes_parse.py [--sizes 1 2.5 5]
"""

import argparse
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ayase_portal.settings.test")

MB = 1024 * 1024
HEAD = "2023/3/6 定例会 議事録\n2023/3/6 19:00\n参加委員(敬称略)\n斉藤、今\n議題\n○A\n"


def _fill(unit: str, size: int) -> str:
    count = max(1, (size - len(HEAD.encode())) // len(unit.encode()))
    return HEAD + unit * count


def _random_lines(size: int) -> str:
    rng = random.Random(20230306)
    markers = ["", "・", "○", "①", "□", "(1)", "1.", "→", "【資料】", "　", "https://example.jp/"]
    out, total = [HEAD], 0
    while total < size:
        line = rng.choice(markers) + "語" * rng.randint(0, 40) + rng.choice(["", "。", "\n"])
        out.append(line + "\n")
        total += len(line.encode()) + 1
    return "".join(out)


def shapes(seed: str):
    return {
        "seed repeated": lambda size: (seed + "\n") * max(1, size // len(seed.encode())),
        "one heading, notes": lambda size: _fill("・工場見学の受け入れ先を増やす。\n", size),
        "blank lines": lambda size: _fill("\n", size) + "○A\n・a\n",
        "one wrapped paragraph": lambda size: _fill("続きの行", size).replace(
            "議題\n", "議題\n○A\n・a\n"
        ),
        "very long lines": lambda size: _fill("・" + "あ" * 100_000 + "\n", size),
        "random markers": _random_lines,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2.5, 5])
    args = parser.parse_args()
    import django

    django.setup()
    from demo_data.seeds import committee_seed_text
    from meetings.minutes_parser import parse_minutes

    seed = committee_seed_text()
    print(f"{'shape':24} {'MB':>5} {'lines':>9} {'seconds':>8} {'peak MB':>8}  agenda")
    for name, make in shapes(seed).items():
        for size_mb in args.sizes:
            text = make(int(size_mb * MB))
            tracemalloc.start()
            started = time.perf_counter()
            parsed = parse_minutes(text, time_limit=None)
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] / MB
            tracemalloc.stop()
            print(
                f"{name:24} {len(text.encode()) / MB:5.1f} {text.count(chr(10)):9,d} "
                f"{elapsed:8.2f} {peak:8.0f}  {len(parsed.agenda)} items, "
                f"{len(parsed.unparsed)} unparsed"
            )


if __name__ == "__main__":
    main()
