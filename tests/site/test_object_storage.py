"""Both storages on S3: a local S3-compatible server (moto's server mode) stands in for the
object store, and every file goes through django-storages' S3 backend.

A company's editor uploads a photo through the real page; a real Celery worker makes its
renditions in the private bucket; the post's page serves them; a members-only attachment is
served to a committee member and refused to a stranger; then `manage.py backup` copies both
buckets and the database, and `manage.py restore`, in a process configured only by the
environment variables that docs/deploy.md documents, puts them into new, empty buckets and a
new database, where the restored portal serves them again and the logo's URL is the bucket's.
"""

import json
import logging
import re
import socket
import time
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from ayase_portal.settings import base
from companies.models import Photo, Post
from meetings.models import Attachment, Visibility
from talent.models import Attachment as TalentAttachment
from tests.companies import images
from tests.meetings.factories import MeetingFactory
from tests.site import backup_helpers as db
from tests.site.test_celery_worker import celery_worker_app  # noqa: F401 (fixture)

PORT = 8141
ENDPOINT = f"http://127.0.0.1:{PORT}"
S3 = "storages.backends.s3.S3Storage"
PDF = b"%PDF-1.4\n% members only\n%%EOF\n"


def s3_environment(public: str, private: str) -> dict[str, str]:
    """The variables of docs/deploy.md's "Object storage", for two buckets."""
    return {
        "MEDIA_STORAGE_BACKEND": S3,
        "MEDIA_BUCKET": public,
        "PRIVATE_STORAGE_BACKEND": S3,
        "PRIVATE_MEDIA_BUCKET": private,
        "AWS_S3_ENDPOINT_URL": ENDPOINT,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "local-test-key",
        "AWS_SECRET_ACCESS_KEY": "local-test-secret",
    }


def public_read(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


@pytest.fixture
def s3_server():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's access log
    # ThreadedMotoServer.start() waits for ever if its thread cannot bind: fail at once instead.
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", PORT))
        except OSError as error:
            pytest.fail(f"port {PORT} is taken ({error}): the S3 test needs it for moto")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    client = boto3.client(
        "s3",
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id="local-test-key",
        aws_secret_access_key="local-test-secret",
    )
    for bucket in ("ayase-media", "ayase-private", "restored-media", "restored-private"):
        client.create_bucket(Bucket=bucket)
    for bucket in ("ayase-media", "restored-media"):
        # The public bucket is readable by anyone, as docs/deploy.md asks of the operator.
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read(bucket)))
    try:
        yield client
    finally:
        server.stop()


@pytest.fixture
def on_s3(s3_server, settings, monkeypatch):
    """This process's storages on the buckets, built by the settings' own code from the same
    variables. The file fields that name the private storage took it when the models were
    imported; they are pointed at the new one, as a process started with these variables
    would have them from the start."""
    for name, value in s3_environment("ayase-media", "ayase-private").items():
        monkeypatch.setenv(name, value)
        setattr(settings, name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": base._storage(S3, location=None, bucket_env="MEDIA_BUCKET", public=True),
        "private": base._storage(
            S3, location=None, bucket_env="PRIVATE_MEDIA_BUCKET", public=False
        ),
    }
    for field in (
        Photo._meta.get_field("master"),
        Attachment._meta.get_field("file"),
        TalentAttachment._meta.get_field("file"),
    ):
        monkeypatch.setattr(field, "storage", storages["private"])
    assert type(storages["private"]).__name__ == "S3Storage"
    return s3_server


def keys(client, bucket: str) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_photos_and_attachments_live_in_s3_and_survive_a_backup(
    on_s3,
    celery_worker_app,  # noqa: F811
    client,
    editor,
    company,
    member,
    tmp_path,
):
    s3 = on_s3
    # An editor posts a photo from the page, as from a phone.
    client.force_login(editor)
    response = client.post(
        f"/companies/{company.slug}/posts/new/",
        {
            "title": "",
            "body": "今日の現場",
            "body_format": "plain",
            "category": "newsletter",
            "tags": "",
            "publish_at": "",
            "photos": [images.photo_upload("image.jpg"), images.photo_upload("image.jpg")],
            "op": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get()
    first, second = post.photos.all()
    # Two uploads of one name are two objects (never overwritten).
    assert first.master.name != second.master.name

    # A worker (a real Celery worker, over the broker) makes the renditions, in the bucket.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and Photo.objects.filter(renditions_at=None).exists():
        time.sleep(0.2)
    assert not Photo.objects.filter(renditions_at=None).exists()
    private = keys(s3, "ayase-private")
    for size in Photo.SIZES:
        for fmt in Photo.FORMATS:
            assert first.rendition_name(size, fmt) in private
    assert first.master.name in private

    # The post's page names the rendition; its URL serves the bytes the bucket holds.
    client.logout()
    page = client.get(post.get_absolute_url()).content.decode().replace("&amp;", "&")
    first.refresh_from_db()
    url = first.rendition_url("card", "webp")
    assert url in page
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"
    assert b"".join(served.streaming_content) == private[first.rendition_name("card", "webp")]

    # A members-only attachment: in the private bucket, to members only.
    meeting = MeetingFactory(visibility=Visibility.MEMBERS)
    attachment = Attachment(meeting=meeting, title="議事録", content_type="application/pdf")
    attachment.file.save("議事録.pdf", ContentFile(PDF))
    assert keys(s3, "ayase-private")[attachment.file.name] == PDF
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(member)
    found = client.get(attachment.get_absolute_url())
    assert found.status_code == 200 and b"".join(found.streaming_content) == PDF

    # A logo: public bucket, with the bucket's own URL.
    company.logo.save("logo.jpg", ContentFile(images.jpeg_bytes(size=(96, 96))))
    assert company.logo.url == f"{ENDPOINT}/ayase-media/{company.logo.name}"
    with urllib.request.urlopen(company.logo.url, timeout=10) as fetched:  # noqa: S310 (loopback)
        logo_bytes = fetched.read()
    assert logo_bytes == keys(s3, "ayase-media")[company.logo.name]

    # Back up (this process: the test database and the two buckets)…
    call_command("backup", "--output", str(tmp_path / "backups"))
    path = next((tmp_path / "backups").iterdir())
    manifest = json.loads((path / "manifest.json").read_text())
    names = {(e["storage"], e["name"]) for e in manifest["files"]}
    assert ("private", attachment.file.name) in names and ("default", company.logo.name) in names

    # …and restore in a process configured by the environment only: a new database, new buckets.
    restored = db.sibling_database_url("s3", tmp_path)
    env = {"DATABASE_URL": restored, **s3_environment("restored-media", "restored-private")}
    try:
        result = db.manage("restore", str(path), env=env)
        assert result.returncode == 0, result.stderr
        assert keys(s3, "restored-private") == keys(s3, "ayase-private")
        assert keys(s3, "restored-media") == keys(s3, "ayase-media")
        assert db.table_counts(restored) == db.table_counts(db.current_database_url())

        check = db.manage(
            "shell",
            "--no-imports",
            "-c",
            SERVE.format(
                photo_url=url,
                attachment_url=attachment.get_absolute_url(),
                company_url=company.get_absolute_url(),
                member=member.pk,
            ),
            env={**env, "ALLOWED_HOSTS": "testserver"},
        )
        assert check.returncode == 0, check.stderr
        lines = [line[7:] for line in check.stdout.splitlines() if line.startswith("RESULT ")]
        rendition = private[first.rendition_name("card", "webp")]
        assert lines[0] == f"photo 200 {len(rendition)}"
        assert lines[1] == "stranger 404"
        assert lines[2] == f"member 200 {len(PDF)}"
        # The restored company page shows the logo from the restored bucket, and its CSP lets
        # the browser load it.
        logo = f"{ENDPOINT}/restored-media/{company.logo.name}"
        assert re.fullmatch(r"logo True img-src .*" + re.escape(ENDPOINT) + ".*", lines[3])
        assert lines[4] == f"logo-url {logo}"
    finally:
        db.drop_database(restored)


# Run by `manage.py shell -c` in the restored installation.
SERVE = """
import re
import socket
from django.test import Client
from accounts.models import User
from companies.models import Company
client = Client()
photo = client.get("{photo_url}")
print("RESULT photo", photo.status_code, len(b"".join(photo.streaming_content)))
print("RESULT stranger", client.get("{attachment_url}").status_code)
page = client.get("{company_url}")
client.force_login(User.objects.get(pk={member}))
found = client.get("{attachment_url}")
print("RESULT member", found.status_code, len(b"".join(found.streaming_content)))
logo = Company.objects.get(logo__gt="").logo.url
img_src = re.search(r"img-src [^;]*", page["Content-Security-Policy"]).group(0)
print("RESULT logo", logo in page.content.decode(), img_src)
print("RESULT logo-url", logo)
"""
