from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format; SQLite copied) and every file of the "
        "public and private storages into a new folder of BACKUP_DIR, with a manifest of "
        "sha256 checksums. Restore it with `manage.py restore FOLDER`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="the folder that receives the new backup folder (default: BACKUP_DIR)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="then remove all but the KEEP newest backups of that folder",
        )

    def handle(self, *args, output, keep, **options):
        folder = Path(output or settings.BACKUP_DIR)
        try:
            summary = backup_create(into=folder)
            removed = backups_prune(folder=folder, keep=keep) if keep is not None else []
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{summary.files} files and the database, {summary.bytes:,} bytes, in {summary.path}"
        )
        for path in removed:
            self.stdout.write(f"removed the older backup {path}")
        self.stdout.write(self.style.SUCCESS(str(summary.path)))
