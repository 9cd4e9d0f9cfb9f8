"""Twenty years of data for bench/run.py --fill (issue 16): the existing fillers of the part
benchmarks called in turn on the benchmark's database, plus the reservations of the open
factory's slots, which no filler makes.

At ``--scale 1``: 20 editions × 4 areas × 60 exhibitors × 5 programmes × 8 slots
(192,000 slots) with 500,000 reservations (bench/openfactory.py's ``make_world``, then here);
20,000 survey responses of 5 answers, 100,000 answers (bench/surveys.py); 2,000
applications (bench/talent.py); 300 companies × 200 posts × 3 photos, 60,000 posts and
180,000 photo records sharing one master file, as bench/companies.py makes them (no image is
written); 240 meetings with 100,000 notes, then their search index (bench/search.py).

The order matters: ``make_world`` deletes every edition, reservation and ``bench-*`` company,
so it runs first; the survey filler makes its own unpublished edition and the talent filler
reuses the ``bench-N`` companies (get_or_create); the companies filler's ``bench-NNN`` slugs
are its own; the search filler expects the demo's one meeting. Run by bench/run.py in a child
process with the benchmark's settings and database, after ``load_demo`` and before gunicorn
starts; prints one JSON object: sizes, and the seconds of each part.
"""

import argparse
import datetime as dt
import json
import os
import random
import secrets
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ayase_portal.settings.production")

import django  # noqa: E402

django.setup()


def bench_module(name: str):
    """bench/<name>.py under a name of its own: companies, openfactory and talent are also
    the apps' names, imported by django.setup() already."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


companies_bench = bench_module("companies")
openfactory_bench = bench_module("openfactory")
search_bench = bench_module("search")
surveys_bench = bench_module("surveys")
talent_bench = bench_module("talent")

EDITIONS, AREAS, PROGRAMMES, SLOTS, SEATS = 20, 4, 5, 8, 20


def sizes(scale: float) -> dict[str, int]:
    """Issue 16's twenty years at ``scale`` 1; every part at least a little at small scales."""

    def part(full: int, least: int) -> int:
        return max(least, round(full * scale))

    meetings = part(240, 12)
    return {
        "companies": part(300, 3),
        "posts_per_company": 200,
        "photos_per_post": 3,
        "editions": EDITIONS,
        "areas": AREAS,
        "exhibitors_per_area_day": part(60, 1),
        "programmes_per_exhibitor": PROGRAMMES,
        "slots_per_programme": SLOTS,
        "reservations": part(500_000, 100),
        "survey_responses": part(20_000, 20),  # 5 answers each
        "applications": part(2_000, 10),
        "meetings": meetings,
        "notes": part(100_000, meetings * 20),
    }


def clear_demo_open_factory() -> None:
    """What would stop ``make_world`` deleting the demo's editions: the demo survey's
    responses and the exhibitor applications (protected references), deleted as the survey
    filler would delete them anyway."""
    from openfactory.models import Answer, AnswerChoice, Response, Survey
    from openfactory.models.recruitment import ExhibitorApplication

    AnswerChoice.objects.all().delete()
    Answer.objects.all().delete()
    Response.objects.all().delete()
    Survey.objects.all().delete()
    ExhibitorApplication.objects.all().delete()


def fill_reservations(count: int, rng: random.Random) -> dict[str, int]:
    """``count`` reservations over every slot, bulk-created: popular slots fill up and take a
    waitlist, quiet ones keep seats. Past days: mostly attended, some no-shows, cancellations
    and waitlisted parties never promoted; the upcoming edition: mostly confirmed, some
    cancelled and waitlisted. Each slot's ``seats_taken`` is then set from its seated parties
    (confirmed and attended), which never exceed its seats."""
    from django.db import connection, transaction
    from django.utils import timezone

    from openfactory.models import CODE_ALPHABET, CODE_LENGTH, Reservation, Slot

    today = timezone.localdate()
    slots = list(
        Slot.objects.values_list("pk", "seats", "starts_at", "programme__max_party_size").order_by(
            "pk"
        )
    )
    # Popularity: most slots quiet, a few in demand (an exponential spread): at issue 16's
    # 2.6 reservations a slot, about one slot in twenty fills up and takes a waitlist.
    weights = [rng.expovariate(1.0) for _ in slots]
    total = sum(weights)
    wanted = [int(count * w / total) for w in weights]
    for i in rng.sample(range(len(slots)), count - sum(wanted)):
        wanted[i] += 1

    def code(n: int) -> str:  # unique by construction (random codes collide at this count)
        digits = []
        for _ in range(CODE_LENGTH):
            n, digit = divmod(n, len(CODE_ALPHABET))
            digits.append(CODE_ALPHABET[digit])
        return "".join(reversed(digits))

    statuses: dict[str, int] = {}
    number = 0
    batch: list[Reservation] = []
    with transaction.atomic():
        for (slot_id, seats, starts_at, max_party), n in zip(slots, wanted, strict=True):
            past = timezone.localtime(starts_at).date() < today
            seated = 0
            for _ in range(n):
                adults = rng.choice((1, 1, 2, 2, 2))
                children = rng.randint(0, max(0, min(max_party or 4, 4) - adults))
                party = adults + children
                if rng.random() < (0.12 if past else 0.10):
                    status = "cancelled"
                elif seated + party > seats:
                    status = "waitlisted"
                elif past and rng.random() < 0.1:
                    status = "no_show"
                else:
                    status = "attended" if past else "confirmed"
                    seated += party
                statuses[status] = statuses.get(status, 0) + 1
                batch.append(
                    Reservation(
                        slot_id=slot_id,
                        name=f"ベンチ 来場者{number}",
                        name_kana="ベンチ ライジョウシャ",
                        email=f"visitor{number}@bench.example.jp",
                        phone="09012345678",
                        adults=adults,
                        children=children,
                        status=status,
                        token=secrets.token_urlsafe(32),
                        code=code(number),
                        cancelled_at=starts_at - dt.timedelta(days=2)
                        if status == "cancelled"
                        else None,
                        checked_in_at=starts_at if status == "attended" else None,
                    )
                )
                number += 1
            if len(batch) >= 5000:
                Reservation.objects.bulk_create(batch)
                batch = []
        Reservation.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE openfactory_slot SET seats_taken = COALESCE(("
                " SELECT SUM(r.adults + r.children) FROM openfactory_reservation r"
                " WHERE r.slot_id = openfactory_slot.id"
                " AND r.status IN ('confirmed', 'attended')), 0)"
            )
    return {"slots": len(slots), **statuses}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    size = sizes(args.scale)
    rng = random.Random(16)
    seconds: dict[str, float] = {}
    facts: dict = {"scale": args.scale, "sizes": size, "seconds": seconds}

    def timed(name, call):
        start = time.perf_counter()
        result = call()
        seconds[name] = round(time.perf_counter() - start, 1)
        print(f"fill: {name} in {seconds[name]:.1f} s", file=sys.stderr, flush=True)
        return result

    timed("demo open factory cleared", clear_demo_open_factory)
    timed(
        "open factory (make_world)",
        lambda: openfactory_bench.make_world(
            editions=size["editions"],
            days=size["areas"],
            exhibitors=size["exhibitors_per_area_day"],
            programmes=size["programmes_per_exhibitor"],
            slots=size["slots_per_programme"],
            seats=SEATS,
        ),
    )
    facts["reservations"] = timed(
        "reservations", lambda: fill_reservations(size["reservations"], rng)
    )
    facts["survey_answers"] = timed(
        "surveys", lambda: surveys_bench.fill(size["survey_responses"])[2]
    )
    facts["attachments"] = timed("talent", lambda: talent_bench.fill(size["applications"], 5)[3])
    facts["posts"] = timed(
        "companies",
        lambda: companies_bench.fill(
            size["companies"], size["posts_per_company"], size["photos_per_post"]
        )[1],
    )
    timed(
        "meetings",
        lambda: search_bench.build(SimpleNamespace(meetings=size["meetings"], notes=size["notes"])),
    )
    timed("search index", search_bench.index_all)

    from django.db import connection

    from core.page_cache import pages_changed
    from meetings.models import Meeting, Note

    facts["meetings_stored"] = Meeting.objects.count()
    facts["notes_stored"] = Note.objects.count()
    if connection.vendor == "postgresql":
        timed("VACUUM ANALYZE", lambda: connection.cursor().execute("VACUUM ANALYZE"))
    else:
        connection.cursor().execute("ANALYZE")
    # Bulk writes send no signals: no page kept in Redis by an earlier run may be served.
    pages_changed()
    facts["total_seconds"] = round(sum(seconds.values()), 1)
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
