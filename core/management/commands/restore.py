from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database and empty storages "
        "(checked first, as is every file's checksum). Then run `manage.py migrate` if this "
        "release of the portal is newer than the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup's folder (holds manifest.json)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over a database and storages that are not empty: what the backup "
            "holds replaces what is there (pg_restore --clean); anything else stays",
        )

    def handle(self, *args, backup, force, **options):
        try:
            summary = backup_restore(source=backup, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database and {summary.files} files from {summary.path}."
            )
        )
