"""Benchmark of visitor passes at festival scale (issue 15): an area day with 3,000 parties,
20 factories and 15,000 visits, on PostgreSQL.

    python bench/passes.py [--parties 3000] [--factories 20] [--visits 15000] [--scans 2000]

Fills BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ayase_passes_bench,
created if missing; its bench edition is replaced each run) with one past area day, its
factories (each with a quiz), the parties' passes and their visits in time order, and a stamp
for about half of the visits; then calls, in process (view and template, no middleware), the
edition's public statistics (unique visitors and results), the secretariat's dashboard (with
flows and busiest hours), one exhibitor's report and the edition report, printing for each
the SQL queries, the peak of Python memory and the best of three wall times. Last, the stamp
rally at its busiest hour: ``--scans`` right answers at the factories' posters through
``services.stamp_answer`` (the poster code checked, the quiz read, the stamp stored), one after
the other in one process: stamps per second. Record the figures in docs/benchmarks.md.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import view_measure  # noqa: E402 (bench/, put on the path above)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ayase_passes_bench"
YEAR = 2099  # the bench edition's year, far from the demo's


def fill(parties: int, factories: int, visits: int):
    from django.db import transaction
    from django.utils import timezone

    from companies.models import Company
    from openfactory.models import (
        Area,
        AreaDay,
        Edition,
        Exhibitor,
        ExhibitorQuiz,
        Stamp,
        Visit,
        VisitorPass,
    )

    rng = random.Random(3_000)
    day = timezone.localdate() - dt.timedelta(days=1)
    with transaction.atomic():
        Edition.objects.filter(year=YEAR).delete()
        edition = Edition.objects.create(year=YEAR, number=99, title="ベンチ", is_published=True)
        area, _ = Area.objects.get_or_create(slug="bench", defaults={"name": "ベンチ"})
        area_day = AreaDay.objects.create(edition=edition, area=area, date=day)
        exhibitors = []
        for i in range(factories):
            company, _ = Company.objects.get_or_create(
                slug=f"bench-factory-{i}",
                defaults={"name": f"ベンチ製作所{i}", "name_kana": f"べんち{i}"},
            )
            exhibitor = Exhibitor.objects.create(area_day=area_day, company=company, order=i)
            ExhibitorQuiz.objects.create(
                exhibitor=exhibitor, question="何を作っている?", choices="ねじ\nばね", answer=1
            )
            exhibitors.append(exhibitor)
        bands = ["", "city", "city", "prefecture", "outside"]
        passes = VisitorPass.objects.bulk_create(
            [
                VisitorPass(
                    edition=edition,
                    adults=rng.randint(1, 3),
                    children=rng.randint(0, 3),
                    residence=rng.choice(bands),
                )
                for _ in range(parties)
            ],
            batch_size=2000,
        )
        opens = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        per_party = max(1, visits // parties)
        rows, stamps = [], []
        for visitor_pass in passes:
            moment = opens + dt.timedelta(minutes=rng.randint(0, 240))
            for exhibitor in rng.sample(exhibitors, min(per_party, len(exhibitors))):
                rows.append(
                    Visit(visitor_pass=visitor_pass, exhibitor=exhibitor, visited_at=moment)
                )
                if rng.random() < 0.5:
                    stamps.append(
                        Stamp(visitor_pass=visitor_pass, exhibitor=exhibitor, stamped_at=moment)
                    )
                moment += dt.timedelta(minutes=rng.randint(10, 40))
        Visit.objects.bulk_create(rows, batch_size=5000)
        Stamp.objects.bulk_create(stamps, batch_size=5000)
    return edition, area_day, exhibitors, len(rows), len(stamps)


def stamps_per_second(edition, area_day, exhibitors, scans: int) -> float:
    """Right answers at the posters, each a new stamp, at 11:00 on the area day."""
    from django.utils import timezone

    from openfactory.models import VisitorPass
    from openfactory.services import stamps

    now = timezone.make_aware(dt.datetime.combine(area_day.date, dt.time(11)))
    codes = [stamps.poster_code(e) for e in exhibitors]
    fresh = VisitorPass.objects.bulk_create(
        [VisitorPass(edition=edition) for _ in range(scans // len(exhibitors) + 1)]
    )
    start = time.perf_counter()
    done = 0
    for visitor_pass in fresh:
        for code in codes:
            if done == scans:
                break
            stamps.stamp_answer(code=code, visitor_pass=visitor_pass, choice=1, now=now)
            done += 1
    return done / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parties", type=int, default=3_000)
    parser.add_argument("--factories", type=int, default=20)
    parser.add_argument("--visits", type=int, default=15_000)
    parser.add_argument("--scans", type=int, default=2_000)
    args = parser.parse_args()
    view_measure.setup(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.base import SessionBase
    from django.test import RequestFactory

    from accounts.models import User
    from openfactory.views import reports, statistics

    edition, area_day, exhibitors, visits, stamp_count = fill(
        args.parties, args.factories, args.visits
    )
    staff = User.objects.filter(email="bench-staff@example.jp").first() or User.objects.create(
        email="bench-staff@example.jp", is_staff=True, is_superuser=True
    )
    print(
        f"{args.parties} parties, {len(exhibitors)} factories, {visits} visits, {stamp_count} stamps"
    )
    factory = RequestFactory()

    def get(view, path, **kwargs):
        def call():
            request = factory.get(path)
            request.user = staff
            request.session = SessionBase()
            request._messages = FallbackStorage(request)
            return view(request, **kwargs)

        return call

    measure = view_measure.measure
    measure(
        "public statistics",
        get(statistics.statistics_summary, f"/openfactory/{YEAR}/statistics/", year=YEAR),
    )
    measure("staff dashboard", get(statistics.statistics_dashboard, "/openfactory/statistics/"))
    exhibitor = exhibitors[0]
    measure(
        "exhibitor report",
        get(
            reports.exhibitor_report, f"/openfactory/manage/{exhibitor.pk}/report/", pk=exhibitor.pk
        ),
    )
    measure(
        "edition report", get(reports.edition_report, f"/openfactory/{YEAR}/report/", year=YEAR)
    )
    rate = stamps_per_second(edition, area_day, exhibitors, args.scans)
    print(f"stamp rally: {args.scans} right answers, {rate:.0f} stamps per second (one process)")


if __name__ == "__main__":
    main()
