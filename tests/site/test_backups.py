"""`make backup` then `make restore` into an empty database and empty folders: the restored
portal holds the same rows, the same reservation, and the same bytes of a Smart Navi photo,
a members-only attachment and a logo, and serves them to those who may see them.

The commands run as an operator runs them: `manage.py backup` / `restore` in processes of
their own, configured by DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT. On PostgreSQL (CI)
the backup is pg_dump's custom format restored by pg_restore into a database created here;
on SQLite a copy of the file.
"""

import json
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import CommandError, call_command

from companies.models import Photo
from companies.services import post_create, post_publish
from images.photos import Master
from meetings.models import Attachment, Visibility
from tests.companies.images import jpeg_bytes
from tests.meetings.factories import MeetingFactory
from tests.openfactory.factories import ReservationFactory
from tests.site import backup_helpers as db

PDF = b"%PDF-1.4\n% the minutes of 2022-09-05\n%%EOF\n"


def store_a_little_of_everything(editor, company, member):
    """A reservation, a published photo post (master and renditions), a members-only
    attachment and a public logo, all committed (the test runs outside a transaction)."""
    reservation = ReservationFactory(name="綾瀬 花子", email="hanako@example.jp", adults=2)
    post = post_create(
        company=company,
        author=editor,
        masters=[Master(content=jpeg_bytes(), width=640, height=480, name="a.jpg")],
    )
    post_publish(post=post, actor=editor)
    photo = Photo.objects.get(post=post)
    meeting = MeetingFactory(visibility=Visibility.MEMBERS)
    attachment = Attachment(meeting=meeting, title="議事録", content_type="application/pdf")
    attachment.file.save("議事録.pdf", ContentFile(PDF))
    company.logo.save("logo.jpg", ContentFile(jpeg_bytes(size=(96, 96))))
    return reservation, photo, attachment


def source_env() -> dict[str, str]:
    return {
        "DATABASE_URL": db.current_database_url(),
        "MEDIA_ROOT": str(storages["default"].location),
        "PRIVATE_MEDIA_ROOT": str(storages["private"].location),
    }


def backup(tmp_path: Path) -> Path:
    result = db.manage("backup", "--output", str(tmp_path / "backups"), env=source_env())
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path.parent == tmp_path / "backups" and (path / "manifest.json").is_file()
    return path


def empty_installation(database_url: str, tmp_path) -> dict[str, str]:
    """The environment of an installation to restore into: a new database, empty folders."""
    return {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "restored" / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored" / "private"),
    }


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_and_folders(tmp_path, editor, company, member):
    reservation, photo, attachment = store_a_little_of_everything(editor, company, member)
    private = storages["private"]
    photo_bytes = private.open(photo.master.name).read()
    rendition_bytes = private.open(photo.rendition_name("card", "webp")).read()
    logo_name = company.logo.name

    path = backup(tmp_path)
    manifest = json.loads((path / "manifest.json").read_text())
    listed = {(e["storage"], e["name"]) for e in manifest["files"]}
    assert ("private", photo.master.name) in listed and ("private", attachment.file.name) in listed
    assert ("default", logo_name) in listed

    restored = db.sibling_database_url("restore", tmp_path)
    target = empty_installation(restored, tmp_path)
    try:
        result = db.manage("restore", str(path), env=target)
        assert result.returncode == 0, result.stderr
        assert "Restored the database" in result.stdout

        source = db.current_database_url()
        counts = db.table_counts(source)
        assert counts["openfactory_reservation"] == 1 and counts["companies_photo"] == 1
        assert counts["meetings_attachment"] == 1
        assert db.table_counts(restored) == counts
        assert db.row(restored, "openfactory_reservation", reservation.pk) == db.row(
            source, "openfactory_reservation", reservation.pk
        )
        assert db.value(restored, "openfactory_reservation", "name", reservation.pk) == "綾瀬 花子"

        # The files, read back through a storage on the restored folders, byte for byte.
        restored_private = FileSystemStorage(location=target["PRIVATE_MEDIA_ROOT"])
        master_name = db.value(restored, "companies_photo", "master", photo.pk)
        assert restored_private.open(master_name).read() == photo_bytes
        assert restored_private.open(photo.rendition_name("card", "webp")).read() == rendition_bytes
        file_name = db.value(restored, "meetings_attachment", "file", attachment.pk)
        assert restored_private.open(file_name).read() == PDF
        restored_public = FileSystemStorage(location=target["MEDIA_ROOT"])
        assert restored_public.open(logo_name).read() == storages["default"].open(logo_name).read()

        # And the restored portal serves them: the photo to anyone (the post is public), the
        # attachment to a committee member only.
        served = db.manage(
            "shell",
            "--no-imports",
            "-c",
            SERVE.format(
                photo_url=photo.rendition_url("card", "webp"),
                attachment_url=attachment.get_absolute_url(),
                member=member.pk,
            ),
            env={**target, "ALLOWED_HOSTS": "testserver"},
        )
        assert served.returncode == 0, served.stderr
        # (the portal's own logs go to stdout too)
        lines = [line[7:] for line in served.stdout.splitlines() if line.startswith("RESULT ")]
        assert lines[0] == f"photo 200 {len(rendition_bytes)}"
        assert lines[1] == "stranger 404"
        assert lines[2] == f"member 200 {len(PDF)}"
    finally:
        db.drop_database(restored)


# Run by `manage.py shell -c` against the restored installation.
SERVE = """
from django.test import Client
from accounts.models import User
client = Client()
photo = client.get("{photo_url}")
print("RESULT photo", photo.status_code, len(b"".join(photo.streaming_content)))
print("RESULT stranger", client.get("{attachment_url}").status_code)
client.force_login(User.objects.get(pk={member}))
found = client.get("{attachment_url}")
print("RESULT member", found.status_code, len(b"".join(found.streaming_content)))
"""


@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_a_corrupted_file_or_a_full_storage_makes_restore_refuse_and_change_nothing(
    tmp_path, editor, company, member
):
    _reservation, _photo, attachment = store_a_little_of_everything(editor, company, member)
    path = backup(tmp_path)
    damaged = path / "files" / "private" / attachment.file.name
    original = damaged.read_bytes()
    damaged.write_bytes(original.replace(b"2022", b"2023"))

    restored = db.sibling_database_url("corrupt", tmp_path)
    target = empty_installation(restored, tmp_path)
    try:
        result = db.manage("restore", str(path), env=target)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "damaged, nothing was restored" in result.stderr
        assert f"private/{attachment.file.name} does not match its checksum" in result.stderr
        assert db.table_counts(restored) == {}
        assert not (tmp_path / "restored").exists()

        # Repaired, it is still refused while a storage already holds a file.
        damaged.write_bytes(original)
        (tmp_path / "restored" / "media").mkdir(parents=True)
        (tmp_path / "restored" / "media" / "left-over.jpg").write_bytes(b"old")
        result = db.manage("restore", str(path), env=target)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "The storage 'default' is not empty (it holds left-over.jpg)" in result.stderr
        assert db.table_counts(restored) == {}
    finally:
        db.drop_database(restored)


def test_restore_refuses_a_missing_folder_and_a_damaged_manifest(tmp_path):
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "nowhere"))
    (tmp_path / "half").mkdir()
    with pytest.raises(CommandError, match=r"has no manifest\.json"):
        call_command("restore", str(tmp_path / "half"))
    (tmp_path / "half" / "manifest.json").write_text("{not json")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(tmp_path / "half"))
    (tmp_path / "half" / "manifest.json").write_text(
        json.dumps(
            {
                "format": 1,
                "database": {"engine": "postgresql", "file": "database.dump"},
                "files": [
                    {"storage": "private", "name": "../../etc/passwd", "size": 1, "sha256": "x"}
                ],
            }
        )
    )
    with pytest.raises(CommandError, match="may not restore"):
        call_command("restore", str(tmp_path / "half"))


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty_and_old_backups_are_pruned(tmp_path, capsys):
    folder = tmp_path / "backups"
    call_command("backup", "--output", str(folder))
    first = Path(capsys.readouterr().out.strip().splitlines()[-1])
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(first))
    # A backup of a newer release (a migration this code lacks) is refused before anything.
    manifest = json.loads((first / "manifest.json").read_text())
    manifest["migrations"].append("companies.9999_from_the_future")
    (first / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=r"newer release .* companies\.9999_from_the_future"):
        call_command("restore", str(first))

    # --keep 1 leaves the newest backup only (one a second: names carry the time).
    time.sleep(1.1)
    call_command("backup", "--output", str(folder), "--keep", "1")
    second = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert second != first
    assert sorted(p.name for p in folder.iterdir()) == [second.name]


@pytest.mark.django_db
def test_an_unreachable_storage_stops_the_backup_with_a_message_and_leaves_no_folder(
    tmp_path, settings
):
    settings.AWS_S3_ENDPOINT_URL = "http://127.0.0.1:8149"  # nothing listens there
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "unused"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "ayase-media"},
        },
    }
    with pytest.raises(CommandError, match="Cannot read the storage 'default': Could not connect"):
        call_command("backup", "--output", str(tmp_path / "backups"))
    assert list((tmp_path / "backups").iterdir()) == []
