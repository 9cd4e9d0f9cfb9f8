"""Benchmark of the talent pages with 2,000 applications and 10,000 attachments, on PostgreSQL.

    python bench/talent.py [--applications 2000] [--attachments 5]

Fills BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ayase_talent_bench,
created if missing, emptied of applications first) with the five demo programmes and
``--applications`` applications of 200 companies spread over three fiscal years and every
status, each with ``--attachments`` attachment rows (records only: the files are not written)
and its transitions; then calls the staff dashboard, an application's page (as its owner and
as the review page), the fiscal-year report and its CSV as city staff, in process (view and
template, no middleware), and prints for each the SQL queries, the peak of Python memory (one
call under tracemalloc) and the best wall time of three calls without it. Record the figures
in docs/benchmarks.md.
"""

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import view_measure  # noqa: E402 (bench/, put on the path above)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ayase_talent_bench"
STATUSES = ["draft", "submitted", "in_review", "returned", "approved", "rejected"]


def fill(count: int, per_application: int):
    from django.db import transaction

    from accounts.models import User
    from companies.models import Company, Membership
    from japanese.dates import fiscal_year
    from talent import demo_schemes as demo
    from talent.models import Application, Attachment, FormField, Transition

    rng = random.Random(2_000)
    tokyo = ZoneInfo("Asia/Tokyo")
    with transaction.atomic():
        Transition.objects.all().delete()
        Attachment.objects.all().delete()
        Application.objects.all().delete()
        demo.load()
        schemes = list(
            FormField.objects.filter(kind="file").values_list("scheme_id", "pk").order_by("pk")
        )
        file_field = dict(reversed(schemes))  # the first file field of each scheme
        companies = []
        for i in range(200):
            company, _ = Company.objects.get_or_create(
                slug=f"bench-{i}", defaults={"name": f"ベンチ工業{i}", "name_kana": f"べんち{i}"}
            )
            companies.append(company)
        owner = User.objects.filter(email="bench-owner@example.jp").first() or User.objects.create(
            email="bench-owner@example.jp"
        )
        Membership.objects.get_or_create(user=owner, company=companies[0], role="owner")
        staff = User.objects.filter(email="bench-staff@example.jp").first() or User.objects.create(
            email="bench-staff@example.jp", is_staff=True, is_superuser=True
        )
        start = dt.datetime(2023, 4, 1, 9, tzinfo=tokyo)
        applications = []
        used_drafts = set()
        for n in range(count):
            scheme_id = rng.choice(list(file_field))
            company = companies[n % len(companies)]
            status = rng.choice(STATUSES)
            if status == "draft" and (scheme_id, company.pk) in used_drafts:
                status = "submitted"
            if status == "draft":
                used_drafts.add((scheme_id, company.pk))
            at = start + dt.timedelta(hours=rng.randint(0, 3 * 365 * 24))
            applications.append(
                Application(
                    scheme_id=scheme_id,
                    company=company,
                    status=status,
                    company_name=company.name,
                    address="神奈川県綾瀬市早園1-1-1",
                    representative="代表取締役 綾瀬 太郎",
                    phone="0467705611",
                    answers={"note": "ベンチマーク"},
                    amount_granted=rng.randint(1, 30) * 10_000 if status == "approved" else None,
                    submitted_at=None if status == "draft" else at,
                    fiscal_year=None if status == "draft" else fiscal_year(at.date()),
                )
            )
        Application.objects.bulk_create(applications, batch_size=1000)
        attachments, transitions = [], []
        for application in Application.objects.order_by("pk"):
            for k in range(per_application):
                attachments.append(
                    Attachment(
                        application=application,
                        field_id=file_field[application.scheme_id],
                        file=f"talent/applications/{application.pk}/scan-{k}.pdf",
                        name=f"scan-{k}.pdf",
                        content_type="application/pdf",
                        size=120_000,
                    )
                )
            if application.status != "draft":
                transitions.append(
                    Transition(application=application, from_status="draft", to_status="submitted")
                )
                if application.status != "submitted":
                    transitions.append(
                        Transition(
                            application=application,
                            from_status="submitted",
                            to_status=application.status,
                            actor=staff,
                        )
                    )
        Attachment.objects.bulk_create(attachments, batch_size=5000)
        Transition.objects.bulk_create(transitions, batch_size=5000)
        mine = Application.objects.filter(company=companies[0]).exclude(status="draft").first()
    return staff, owner, mine, Attachment.objects.count()


def measure(label, call):
    view_measure.measure(label, call, width=18)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--attachments", type=int, default=5)
    args = parser.parse_args()
    view_measure.setup(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.base import SessionBase
    from django.test import RequestFactory

    from talent.views import applications, dashboard, reports, review

    staff, owner, mine, attachments = fill(args.applications, args.attachments)
    print(f"{args.applications} applications, {attachments} attachment records")
    factory = RequestFactory()

    def get(view, path, user, **kwargs):
        def call():
            request = factory.get(path)
            request.user = user
            request.session = SessionBase()
            request._messages = FallbackStorage(request)
            return view(request, **kwargs)

        return call

    measure("staff dashboard", get(dashboard.dashboard, "/talent/staff/", staff))
    measure(
        "application (owner)",
        get(applications.application, mine.get_absolute_url(), owner, pk=mine.pk),
    )
    measure("review page", get(review.review, mine.get_review_url(), staff, pk=mine.pk))
    measure("report, all years", get(reports.reports, "/talent/reports/", staff))
    measure("report, 2024", get(reports.reports, "/talent/reports/?year=2024", staff))
    measure("report CSV", get(reports.reports_csv, "/talent/reports/csv/", staff))


if __name__ == "__main__":
    main()
