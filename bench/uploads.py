"""Benchmark of photo uploads: what the worst request the limits accept costs a worker, and
what the attacking requests they refuse cost.

Each request is one POST of the Smart Navi editor (`/companies/<slug>/posts/new/`), logged in
as an editor, through Django's whole WSGI handler (middleware, multipart parsing, the upload
handlers, the form, the service storing the masters) in a fresh process, so that its peak
memory is the request's own. The multipart body is written to a file first and streamed in
as `wsgi.input`, as gunicorn would pass it. Renditions are the worker's job (measured by
bench/companies.py) and are not made here. Uses the limits of the settings (or the
environment: IMAGE_MAX_PIXELS, IMAGE_MAX_DECODE_BYTES, IMAGE_MAX_PIXELS_PER_REQUEST,
UPLOAD_MAX_REQUEST_BYTES). Record the figures in docs/benchmarks.md.

    python bench/uploads.py [--only NAME ...] [--keep]

Memory is the process's resident set from /proc: "base" after Django started and the editor
logged in, "peak" its high-water mark (VmHWM, what `resource.getrusage(RUSAGE_SELF).ru_maxrss`
reports, minus what Linux carries over from the parent), "+peak" the request's own share, and
"held" what is still resident after the request.
"""

import argparse
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024


# --- The files --------------------------------------------------------------------------------


def _photo_like(size):
    """A picture with a phone photo's detail: gradients and fine noise (not flat colour, which
    compresses and decodes unrealistically fast; not pure noise, which no camera writes)."""
    from PIL import Image, ImageFilter

    width, height = size
    small = Image.effect_noise((max(1, width // 16), max(1, height // 16)), 90).convert("L")
    base = Image.merge(
        "RGB",
        [
            small.resize(size, Image.Resampling.BILINEAR),
            Image.linear_gradient("L").resize(size),
            small.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize(size),
        ],
    )
    grain = Image.effect_noise(size, 12).convert("RGB").filter(ImageFilter.SMOOTH)
    return Image.blend(base, grain, 0.25)


def _encode(image, fmt, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_photo(size):
    return _encode(_photo_like(size), "JPEG", quality=90), "image/jpeg", "jpg"


def heic_photo(size):
    import pillow_heif

    pillow_heif.register_heif_opener()
    return _encode(_photo_like(size), "HEIF", quality=80), "image/heic", "heic"


def webp_photo(size):
    return _encode(_photo_like(size), "WEBP", quality=80), "image/webp", "webp"


def png_rgba(size):
    """A screenshot with transparency: PNG is decoded whole, RGBA the costliest mode to
    resize; fewer colours than a photo, as a screenshot has (a photo this size in PNG would
    be over the 20 MB a file may have)."""
    from PIL import Image, ImageOps

    image = ImageOps.posterize(_photo_like(size), 3).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize(size))
    return _encode(image, "PNG"), "image/png", "png"


def png_zero(size, mode="RGB"):
    """The attack: zero-filled PNGs, a few hundred kB that claim tens of megapixels."""
    from PIL import Image

    return _encode(Image.new(mode, size, 0), "PNG"), "image/png", "png"


def random_bytes(size):
    return os.urandom(size), "image/jpeg", "jpg"


# name, what, number of files, maker, argument, expected outcome
SCENARIOS = [
    ("phone-8mp", "20 phone photos, 8 MP JPEG (3264×2448)", 20, jpeg_photo, (3264, 2448), 302),
    ("phone-12mp", "20 phone photos, 12 MP JPEG (4032×3024)", 20, jpeg_photo, (4032, 3024), 302),
    ("phone-24mp", "20 phone photos, 24 MP JPEG (5712×4284)", 20, jpeg_photo, (5712, 4284), 302),
    ("phone-50mp", "20 photos, 50 MP JPEG (8160×6120)", 20, jpeg_photo, (8160, 6120), 302),
    # The worst the limits accept, format by format: the most pixels decoded whole.
    ("jpeg-10mp", "14 JPEG, 10.2 MP decoded whole (3199×3199)", 14, jpeg_photo, (3199, 3199), 302),
    ("heic-12mp", "2 HEIC photos, 12 MP (4032×3024)", 2, heic_photo, (4032, 3024), 302),
    ("heic-18mp", "1 HEIC photo, 17.7 MP (4864×3648)", 1, heic_photo, (4864, 3648), 302),
    ("png-12mp", "4 PNG with transparency, 12.5 MP (4080×3060)", 4, png_rgba, (4080, 3060), 302),
    ("webp-8mp", "6 WebP, 8 MP (3264×2448)", 6, webp_photo, (3264, 2448), 302),
    # Refused, from the headers: nothing is decoded.
    ("attack-60mp", "attack: 20 zero-filled PNG, 59.9 MP", 20, png_zero, (8944, 6700), 400),
    ("attack-49mp", "attack: 20 zero-filled PNG, 49 MP", 20, png_zero, (7000, 7000), 400),
    ("attack-sum", "attack: 20 zero-filled PNG, 12 MP", 20, png_zero, (4000, 3000), 400),
    (
        "heic-12mp-20",
        "20 HEIC photos, 12 MP (too slow together)",
        20,
        heic_photo,
        (4032, 3024),
        400,
    ),
    ("attack-size", "attack: 20 files of 10.5 MB (210 MB)", 20, random_bytes, 21 * MB // 2, 400),
]


def write_body(path: Path, files, boundary: str) -> int:
    """The multipart body of the editor's form, streamed to a file."""
    fields = {
        "title": "ベンチマーク",
        "body": "今日の現場",
        "body_format": "plain",
        "category": "newsletter",
        "tags": "",
        "publish_at": "",
        "op": "save",
    }
    with path.open("wb") as out:
        for name, value in fields.items():
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for filename, content, content_type in files:
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            )
            out.write(content)
            out.write(b"\r\n")
        out.write(f"--{boundary}--\r\n".encode())
    return path.stat().st_size


# --- One request in a fresh process -----------------------------------------------------------


def environment(tmp: Path, static: Path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ayase_portal.settings.production")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "b" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(tmp / "private")
    os.environ.setdefault("LOG_LEVEL", "warning")
    os.environ["STATIC_ROOT"] = str(static)
    os.environ.pop("REDIS_URL", None)


def setup_django(tmp: Path, static: Path):
    environment(tmp, static)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def memory_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak) of this process, from /proc; the peak is the same
    figure as ``resource.getrusage(RUSAGE_SELF).ru_maxrss``, except that it starts afresh
    in this process instead of carrying over its parent's (Linux keeps ru_maxrss across
    exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise LookupError(field)


def _child(tmp: Path, static: Path, body: Path, length: int, boundary: str, queue):
    try:
        _measure(tmp, static, body, length, boundary, queue)
    except BaseException as error:
        queue.put({"error": repr(error)})
        raise


def _measure(tmp: Path, static: Path, body: Path, length: int, boundary: str, queue):
    setup_django(tmp, static)
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    from accounts.models import User
    from companies import tasks
    from companies.models import Company, Membership, Photo

    # Renditions are the Celery worker's work, measured by bench/companies.py.
    tasks.make_photo_renditions.delay = lambda *args, **kwargs: None
    company = Company.objects.create(name="ベンチ工業", name_kana="べんち", slug="bench")
    user = User.objects.create_user(email="editor@example.jp", password="x" * 20)
    Membership.objects.create(company=company, user=user, role="editor")
    client = Client()
    client.force_login(user)
    page = client.get(f"/companies/{company.slug}/posts/new/")
    assert page.status_code == 200, page.status_code
    cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    handler = WSGIHandler()
    baseline_peak = memory_mib("VmHWM")
    baseline = memory_mib("VmRSS")
    status = {}
    with body.open("rb") as stream:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": f"/companies/{company.slug}/posts/new/",
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": cookies,
            "HTTP_X_CSRFTOKEN": client.cookies[settings.CSRF_COOKIE_NAME].value,
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(length),
            "wsgi.input": stream,
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        start = time.perf_counter()
        response = handler(environ, lambda s, headers: status.setdefault("line", s))
        content = b"".join(response)
        elapsed = time.perf_counter() - start
        response.close()
    peak = memory_mib("VmHWM")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(
        {
            "status": int(status["line"].split()[0]),
            "seconds": elapsed,
            "baseline_mib": baseline,
            "baseline_peak_mib": baseline_peak,
            "peak_mib": peak,
            "held_mib": memory_mib("VmRSS"),
            "maxrss_mib": maxrss,
            "photos": Photo.objects.count(),
            "message": _message(content),
        }
    )


def _message(content: bytes) -> str:
    import re

    found = re.findall(rb'id="error_1_id_photos"><strong>(.*?)</strong>', content, re.S)
    return found[0].decode()[:110] if found else ""


def _make_body(scenario, body: Path, boundary: str, queue):
    """In a process of its own, so that making big images leaves no trace in the others."""
    name, _what, count, maker, argument, _expected = scenario
    content, content_type, ext = maker(argument)
    files = [(f"{name}-{i:02d}.{ext}", content, content_type) for i in range(count)]
    queue.put(write_body(body, files, boundary))


def run(scenario, tmp: Path, static: Path) -> dict:
    name, what, _count, _maker, _argument, expected = scenario
    boundary = uuid.uuid4().hex
    body = tmp / f"{name}.body"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    maker = context.Process(target=_make_body, args=(scenario, body, boundary, queue))
    maker.start()
    length = queue.get(timeout=900)
    maker.join()
    work = tmp / name
    work.mkdir()
    process = context.Process(target=_child, args=(work, static, body, length, boundary, queue))
    process.start()
    result = queue.get(timeout=900)
    process.join()
    body.unlink()
    if "error" in result:
        raise RuntimeError(f"{name}: {result['error']}")
    result.update(name=name, what=what, request_mb=length / MB, expected=expected)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="scenario names", default=None)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ayase-bench-uploads-"))
    static = tmp / "static"
    environment(tmp, static)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", "--noinput", verbosity=0)
    print(
        f"limits: {settings.IMAGE_MAX_PIXELS / 1e6:.0f} MP per image, "
        f"{settings.IMAGE_MAX_DECODE_BYTES / MB:.0f} MiB to decode one, "
        f"{settings.IMAGE_MAX_PIXELS_PER_REQUEST / 1e6:.0f} MP per request, "
        f"{settings.UPLOAD_MAX_REQUEST_BYTES / MB:.0f} MiB per request"
    )
    header = (
        f"{'request':<48}{'MB':>7}{'status':>7}{'photos':>7}{'s':>7}"
        f"{'base':>7}{'peak':>7}{'+peak':>7}{'held':>7}"
    )
    print(header + "   (memory in MiB)")
    failed = False
    for scenario in SCENARIOS:
        if args.only and scenario[0] not in args.only:
            continue
        r = run(scenario, tmp, static)
        print(
            f"{r['what']:<48}{r['request_mb']:>7.1f}{r['status']:>7}{r['photos']:>7}"
            f"{r['seconds']:>7.2f}{r['baseline_mib']:>7.0f}{r['peak_mib']:>7.0f}"
            f"{r['peak_mib'] - r['baseline_peak_mib']:>7.0f}{r['held_mib']:>7.0f}"
        )
        if r["message"]:
            print(f"{'':<8}→ {r['message']}")
        if r["status"] != r["expected"]:
            failed = True
            print(f"{'':<8}!! expected {r['expected']}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
