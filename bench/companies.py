"""Benchmark of Smart Navi: pages over 300 companies × 200 posts × 3 photos, and the cost of
making the renditions of a 12-megapixel photo.

Pages are requested through Django's test client in this process (no network, no gunicorn:
the figure is the application's own cost per request: SQL and templates). Uses DATABASE_URL
when set, else a fresh SQLite file. Record the figures in docs/benchmarks.md.

    python bench/companies.py [--companies 300] [--posts 200] [--photos 3] [--requests 30]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(tmp: Path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ayase_portal.settings.production")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "b" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(tmp / "media"))
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(tmp / "private"))
    os.environ.setdefault("LOG_LEVEL", "warning")
    os.environ["STATIC_ROOT"] = str(tmp / "static")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def fill(companies: int, posts: int, photos: int):
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from companies.models import Company, Photo, Post

    start = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        Company.objects.bulk_create(
            Company(
                name=f"ベンチ工業{i:03d}",
                name_kana=f"べんちこうぎょう{i:03d}",
                slug=f"bench-navi-{i:03d}",
                summary="精密板金・溶接・組立",
                industry="sheet_metal",
                area="yoshioka",
            )
            for i in range(companies)
        )
        # Its own companies only (bench/fill.py's other fillers make bench-N companies).
        company_ids = list(
            Company.objects.filter(slug__startswith="bench-navi-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        batch = []
        for c_index, company_id in enumerate(company_ids):
            for p in range(posts):
                batch.append(
                    Post(
                        company_id=company_id,
                        title=f"工場だより {p}",
                        body="新しい設備が入りました。\n見学もできます。",
                        body_html="<p>新しい設備が入りました。<br>見学もできます。</p>",
                        status=Post.Status.PUBLISHED,
                        publish_at=now - timedelta(hours=p * 50 + c_index),
                        category=Post.Category.NEWSLETTER,
                        photo_count=photos,
                    )
                )
            if len(batch) >= 5000:
                Post.objects.bulk_create(batch)
                batch = []
        Post.objects.bulk_create(batch)
        post_ids = list(
            Post.objects.filter(company_id__in=company_ids).values_list("pk", flat=True)
        )
        batch = []
        for post_id in post_ids:
            for order in range(photos):
                batch.append(
                    Photo(
                        post_id=post_id,
                        order=order,
                        caption=f"写真{order + 1}",
                        master="companies/posts/shared/master.jpg",
                        width=3072,
                        height=2304,
                        renditions_at=now,
                    )
                )
            if len(batch) >= 10000:
                Photo.objects.bulk_create(batch)
                batch = []
        Photo.objects.bulk_create(batch)
        # The cover of each post: its first photo, in one statement.
        first = {}
        for post_id, photo_id in Photo.objects.filter(
            order=0, post__company_id__in=company_ids
        ).values_list("post_id", "pk"):
            first[post_id] = photo_id
        cursor = connection.cursor()
        cursor.executemany(
            "UPDATE companies_post SET cover_id = %s WHERE id = %s",
            [(photo_id, post_id) for post_id, photo_id in first.items()],
        )
    # Planner statistics, as a database that has lived with this data would have them.
    cursor.execute("ANALYZE")
    return time.perf_counter() - start, len(post_ids)


def measure_pages(requests: int):
    from django.test import Client

    from companies.models import Company, Post

    client = Client()
    count = Company.objects.count()
    company = Company.objects.order_by("pk")[count // 2]
    post = Post.objects.filter(company=company).order_by("-publish_at").first()
    pages = [
        ("timeline", "/companies/posts/"),
        ("timeline p.100", "/companies/posts/?page=100"),
        ("timeline, company", f"/companies/posts/?company={company.slug}"),
        ("timeline, category", "/companies/posts/?category=newsletter&page=50"),
        ("company page", company.get_absolute_url()),
        ("company posts", f"/companies/{company.slug}/posts/"),
        ("post page", post.get_absolute_url()),
        ("directory", "/companies/?posted_recently=on"),
        ("Atom feed", "/companies/posts/feed/"),
    ]
    print(f"{'page':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    results = []
    for label, url in pages:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{label:<22}{p50:>9.1f}{p95:>9.1f}{timings[-1]:>9.1f}")
        results.append((label, p50, p95))
    return results


def _renditions_child(queue):
    """In a fresh process, so that its peak memory is the renditions' own."""
    import io
    import resource

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from companies.models import Photo
    from images.photos import make_master, make_renditions

    # A 12-megapixel photo with detail (noise), about what a phone writes.
    image = Image.effect_noise((4000, 3000), 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    del image, buffer
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    upload = SimpleUploadedFile("IMG_1234.jpg", data, content_type="image/jpeg")
    start = time.perf_counter()
    master = make_master(upload)
    checked = time.perf_counter() - start
    after_master = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    sizes = {}
    for size, ext, content in make_renditions(master.content, Photo.SIZES, Photo.FORMATS):
        sizes[f"{size}.{ext}"] = len(content)
    rendered = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put(
        {
            "upload_mb": len(data) / 1e6,
            "check_and_master_s": checked,
            "renditions_s": rendered,
            "master_kb": len(master.content) / 1000,
            "peak_master_mib": (after_master - baseline) / 1024,
            "peak_total_mib": (peak - baseline) / 1024,
            "sizes_kb": {k: round(v / 1000) for k, v in sizes.items()},
        }
    )


def measure_renditions():
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_renditions_child, args=(queue,))
    process.start()
    result = queue.get(timeout=300)
    process.join()
    print(
        f"12 MP JPEG ({result['upload_mb']:.1f} MB): check + master "
        f"{result['check_and_master_s']:.2f} s, renditions (3 sizes × WebP+JPEG) "
        f"{result['renditions_s']:.2f} s; memory above the process's baseline: "
        f"{result['peak_master_mib']:.0f} MiB for the master, "
        f"{result['peak_total_mib']:.0f} MiB at the peak"
    )
    print(f"master {result['master_kb']:.0f} kB; renditions kB: {result['sizes_kb']}")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=300)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--photos", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ayase-bench-"))
    setup_django(tmp)
    from django.db import connection

    if not args.skip_pages:
        seconds, count = fill(args.companies, args.posts, args.photos)
        print(
            f"{connection.vendor}: {args.companies} companies, {count} posts, "
            f"{count * args.photos} photos loaded in {seconds:.1f} s"
        )
        measure_pages(args.requests)
    measure_renditions()


if __name__ == "__main__":
    main()
