"""Benchmark: Japanese search over 20 years of minutes, and the import of a minutes file.

Builds 240 monthly meetings (2005-2024) holding about 100,000 notes in their own database
(the seed minutes of 2022-09-05 among them), indexes them with ``search_index_rebuild``, then
times /meetings/search/?q= through Django's whole request cycle (middleware, session, view,
template) for 1-, 2- and 4-character queries, as an anonymous visitor and as city staff. Last,
it times parse + ``minutes_import`` of the seed file. Record the figures in docs/benchmarks.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ayase_bench python bench/search.py

The database named in DATABASE_URL is dropped and created again (its name must contain
"bench", so that no other database can be touched); ``--reuse`` keeps data built before.
SQLite is refused unless ``--allow-sqlite`` is given: production runs on PostgreSQL.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each query with what it measures; the character count is of the query as typed.
QUERIES = [
    ("寮", "1 char, occasional topic"),
    ("の", "1 char, everywhere"),
    ("人材", "2 chars, everywhere"),
    ("視察", "2 chars, occasional topic"),
    ("合同研修", "4 chars, common (also a heading)"),
    ("在留資格", "4 chars, rare topic"),
    ("量子計算", "4 chars, nowhere"),
    ("技人国", "3 chars, rare topic"),
    ("ｲﾝﾄﾞﾈｼｱ", "half-width kana (6 chars)"),
    ("寮 人材", "two words"),
]

HEADINGS = [
    "燕三条 工場の祭典 視察について",
    "高度人材について",
    "あやせ工場オープンファクトリーについて",
    "委員会セミナーについて",
    "あやせ工場スマートナビについて",
    "地方採用者への支援について",
    "合同入社式・合同研修について",
    "他地域交流について",
    "市への施策提案について",
    "事務局より",
    "その他",
]
SUBJECTS = [
    "市内企業",
    "参加企業",
    "委員",
    "事務局",
    "商工会",
    "市職員",
    "来場者",
    "実習生",
    "新入社員",
    "若手社員",
    "各社担当者",
    "経営者",
    "取引先",
    "行政",
]
TOPICS = [
    "技術力のPR",
    "人材確保",
    "人材定着",
    "販路拡大",
    "採用活動",
    "工場見学",
    "意見交換会",
    "ブログ投稿",
    "SNS発信",
    "アンケート結果",
    "設備投資",
    "補助金の申請",
    "事業承継",
    "働き方改革",
    "DX推進",
    "安全衛生",
    "品質管理",
    "地域ブランディング",
    "女性の活躍",
    "障がい者雇用",
    "インターンシップ",
    "産学連携",
    "技能検定",
    "人材派遣",
]
# Topics that a meeting takes up only some years: they make the rarer queries rare.
OCCASIONAL = {
    "寮": (0.25, ["社員寮の確保", "実習生の寮", "寮の家賃補助"]),
    "視察": (0.5, ["先進地の視察", "視察の日程調整", "視察先との意見交換"]),
    "合同研修": (0.25, ["合同研修の内容", "合同研修の講師", "合同入社式と合同研修"]),
    "技人国": (0.1, ["技人国の在留資格", "転職組の技人国", "技人国ビザの手続き"]),
    "インドネシア": (0.2, ["インドネシアからの実習生", "インドネシアの送り出し機関"]),
}
PREDICATES = [
    "について意見交換した",
    "を今後も続けていく",
    "が課題となっている",
    "を検討したい",
    "について事務局から報告があった",
    "の状況を共有した",
    "に取り組む企業が増えている",
    "は次回の定例会で協議する",
    "について各社の事例を紹介した",
    "を市に提案する方向で調整",
    "の反響が大きかった",
    "が好評と聞く",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=240)
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--import-runs", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run")
    parser.add_argument("--allow-sqlite", action="store_true")
    return parser.parse_args()


def prepare_database(url: str, args) -> str:
    """Create (or re-create) the benchmark's own database; return the vendor label."""
    import environ

    config = environ.Env.db_url_config(url)
    engine, name = config["ENGINE"], str(config["NAME"])
    if "sqlite" in engine:
        if not args.allow_sqlite:
            sys.exit(
                "bench/search.py measures the production database: set DATABASE_URL to a "
                "PostgreSQL database whose name contains 'bench' (for example "
                "postgres://postgres@127.0.0.1:5432/ayase_bench), or pass --allow-sqlite "
                "to get figures labelled SQLite."
            )
        if not args.reuse and Path(name).exists():
            Path(name).unlink()
        return "SQLite (embedded; not the production database)"
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the benchmark database's name must contain 'bench'")
    import psycopg

    server = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not args.reuse:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version}"


def setup_django():
    # Static files are not collected for an in-process benchmark; whitenoise says so once.
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ayase_portal.settings.base"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "b" * 40)
    os.environ["DEBUG"] = "false"  # no query log kept in memory
    import django

    django.setup()


def sentence(rng: random.Random, topics: list[str], seed_notes: list[str]) -> str:
    if rng.random() < 0.03:
        return rng.choice(seed_notes)
    text = f"{rng.choice(SUBJECTS)}の{rng.choice(topics)}{rng.choice(PREDICATES)}"
    if rng.random() < 0.3:
        text += f"({rng.randint(1, 12)}/{rng.randint(1, 28)})"
    if rng.random() < 0.2:
        text += f"。のべ{rng.randint(20, 900)}人が参加"
    return text


def build(args) -> None:
    """240 monthly meetings with ~100,000 notes; the seed minutes are the one of 2022-09."""
    from demo_data.seeds import committee_seed_text
    from meetings import demo
    from meetings.minutes_parser import parse_minutes
    from meetings.models import AgendaItem, Attendance, Link, Meeting, Member, Note, Visibility

    demo.load(committee_seed_text())  # committee, 14 members, the seed meeting (public)
    seed = Meeting.objects.get()
    seed_notes = [
        note for item in parse_minutes(committee_seed_text()).agenda for note in item.notes
    ]
    members = list(Member.objects.all())
    rng = random.Random(20220905)
    months = [(2024 - i // 12, 12 - i % 12) for i in range(args.meetings)]

    meetings = []
    for year, month in months:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(7 - first.weekday()) % 7)  # the first Monday
        if day == seed.date:
            continue
        roll = rng.random()
        visibility = (
            Visibility.DRAFT
            if roll < 0.05
            else Visibility.MEMBERS
            if roll < 0.2
            else Visibility.PUBLIC
        )
        meetings.append(
            Meeting(
                title=f"{year}/{month}/{day.day} 綾瀬イノベーション推進委員会 定例会 議事録",
                date=day,
                start_time=dt.time(19, 0),
                visibility=visibility,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings)

    items, notes, links, attendances = [], [], [], []
    # The seed meeting holds its own notes; the others share the rest of the total.
    share, extra = divmod(args.notes - seed_notes_count(seed), len(meetings))
    for number, meeting in enumerate(meetings):
        notes_per_meeting = share + (number < extra)
        topics = list(TOPICS)
        absent = []
        for word, (chance, sentences) in OCCASIONAL.items():
            if rng.random() < chance:
                topics += sentences
            else:
                absent.append(word)
        # The seed's own sentences too, unless they speak of a topic this meeting leaves out.
        quoted = [note for note in seed_notes if not any(word in note for word in absent)]
        headings = rng.sample(HEADINGS, rng.randint(6, 10))
        meeting_items = [
            AgendaItem(meeting=meeting, order=i, title=title)
            for i, title in enumerate(headings, start=1)
        ]
        items += meeting_items
        for order, member in enumerate(rng.sample(members, 11), start=1):
            attendances.append(Attendance(meeting=meeting, member=member, order=order))
        for n in range(notes_per_meeting):
            notes.append((meeting_items[n % len(meeting_items)], n, sentence(rng, topics, quoted)))
        links.append((meeting_items[0], "Instagram @ayaseopenfactory"))
    AgendaItem.objects.bulk_create(items, batch_size=2000)
    Note.objects.bulk_create(
        (Note(item=item, order=order, text=text) for item, order, text in notes), batch_size=5000
    )
    Link.objects.bulk_create(
        (
            Link(item=item, label=label, url="https://www.instagram.com/ayaseopenfactory/")
            for item, label in links
        ),
        batch_size=2000,
    )
    Attendance.objects.bulk_create(attendances, batch_size=2000)


def seed_notes_count(meeting) -> int:
    from meetings.models import Note

    return Note.objects.filter(item__meeting=meeting).count()


def index_all() -> float:
    from meetings.models import Meeting
    from meetings.search import search_index_rebuild

    start = time.perf_counter()
    for meeting in Meeting.objects.order_by("pk"):
        search_index_rebuild(meeting=meeting)
    return time.perf_counter() - start


def percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(len(ordered) * share) - 1)] * 1000


def staff_client():
    import base64
    import secrets

    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django.test import Client

    from accounts import mfa
    from accounts.models import User
    from accounts.roles import CITY_STAFF_GROUP, sync_role_groups

    sync_role_groups()
    user, _ = User.objects.get_or_create(
        email="bench-staff@example.jp", defaults={"name": "事務局 ベンチ", "is_staff": True}
    )
    user.groups.add(Group.objects.get(name=CITY_STAFF_GROUP))
    # Staff reach pages only in a session that proved a second factor (accounts.middleware):
    # the bench's user has an authenticator app, and its session stands for a login with a code.
    Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": base64.b32encode(secrets.token_bytes(20)).decode()}},
    )
    client = Client()
    client.force_login(user)
    session = client.session
    mfa.record_second_factor(session, user)
    session.save()
    return client, user


def time_searches(runs: int) -> list[tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Meeting
    from meetings.search import meetings_matching, search_words

    staff, staff_user = staff_client()
    clients = {"anonymous": (Client(), None), "staff": (staff, staff_user)}
    url = "/meetings/search/"
    cases = [(query, what, role) for query, what in QUERIES for role in clients]
    queries = {}
    for query, _, role in cases:
        client = clients[role][0]
        for _ in range(10):  # warm up
            client.get(url, {"q": query})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": query}).status_code == 200
        queries[query, role] = len(captured)  # now: the next request clears the query log
    # Round after round over every case, so that a burst of load elsewhere on the machine
    # touches all of them alike instead of one query's figures.
    timings = {(query, role): [] for query, _, role in cases}
    for _ in range(runs):
        for query, _, role in cases:
            start = time.perf_counter()
            clients[role][0].get(url, {"q": query})
            timings[query, role].append(time.perf_counter() - start)
    rows = []
    for query, what, role in cases:
        hits = meetings_matching(words=search_words(query), user=clients[role][1]).count()
        measured = timings[query, role]
        rows.append(
            (
                query,
                what,
                role,
                hits,
                queries[query, role],
                statistics.median(measured) * 1000,
                percentile(measured, 0.95),
            )
        )
    visible = {
        "anonymous": Meeting.objects.visible_to(None).count(),
        "staff": Meeting.objects.count(),
    }
    return rows, visible


def explain(query: str) -> str:
    """PostgreSQL's plan of the result page's query, run for real (EXPLAIN ANALYZE)."""
    from django.db import connection

    from meetings.search import meetings_matching, search_words

    qs = meetings_matching(words=search_words(query), user=None)[:20]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def time_import(runs: int) -> tuple[list[float], list[float]]:
    from demo_data.seeds import committee_seed_text
    from meetings.importer import minutes_import
    from meetings.minutes_parser import parse_minutes
    from meetings.models import Visibility

    text = committee_seed_text()
    parse_times, import_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        parsed = parse_minutes(text)
        parsed_at = time.perf_counter()
        result = minutes_import(parsed=parsed, source_text=text, visibility=Visibility.PUBLIC)
        done = time.perf_counter()
        assert result.action == "updated", result.describe()
        parse_times.append(parsed_at - start)
        import_times.append(done - parsed_at)
    return parse_times, import_times


def main():
    args = parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/ayase_bench")
    vendor = prepare_database(url, args)
    setup_django()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from meetings.models import Meeting, Note, SearchToken

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        call_command("migrate", verbosity=0)
        print(f"# Search benchmark — {dt.date.today():%Y-%m-%d}, {vendor}")
        if args.reuse and Meeting.objects.exists():
            print("data: kept from an earlier run")
        else:
            start = time.perf_counter()
            build(args)
            print(f"data built in {time.perf_counter() - start:.1f} s")
            seconds = index_all()
            count = Meeting.objects.count()
            print(
                f"indexing (search_index_rebuild of every meeting): {seconds:.1f} s in all, "
                f"{seconds / count * 1000:.0f} ms per meeting"
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(
            f"{Meeting.objects.count()} meetings, {Note.objects.count()} notes, "
            f"{SearchToken.objects.count()} search tokens"
        )
        print()
        load_before = os.getloadavg()[0]
        rows, visible = time_searches(args.runs)
        load_after = os.getloadavg()[0]
        print(
            f"/meetings/search/?q=, {args.runs} requests each after 10 warm-up requests, "
            "taken in turns across the queries"
        )
        print(f"meetings visible: anonymous {visible['anonymous']}, staff {visible['staff']}")
        print(f"machine load average (1 min): {load_before:.2f} before, {load_after:.2f} after")
        print()
        print("| query | what | user | hits | SQL queries | p50 ms | p95 ms |")
        print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
        for query, what, role, hits, queries, p50, p95 in rows:
            print(f"| {query} | {what} | {role} | {hits} | {queries} | {p50:.1f} | {p95:.1f} |")
        if connection.vendor == "postgresql":
            for query in ("の", "技人国"):
                print(f"\nplan of the result page for {query!r} (anonymous):")
                print(explain(query))
        print()
        parse_times, import_times = time_import(args.import_runs)
        total = [p + i for p, i in zip(parse_times, import_times, strict=True)]
        print(f"import of the seed file (re-import: update), {args.import_runs} runs")
        print("| step | p50 ms | p95 ms | mean ms |")
        print("| --- | ---: | ---: | ---: |")
        for label, timings in (
            ("parse_minutes", parse_times),
            ("minutes_import (store + index)", import_times),
            ("per file", total),
        ):
            print(
                f"| {label} | {statistics.median(timings) * 1000:.1f} | "
                f"{percentile(timings, 0.95):.1f} | {statistics.mean(timings) * 1000:.1f} |"
            )


if __name__ == "__main__":
    main()
