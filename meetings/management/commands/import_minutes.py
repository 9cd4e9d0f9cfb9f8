import argparse
import datetime as dt
import json as json_module
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importer import MinutesImportError, minutes_import
from meetings.minutes_parser import MinutesParseError, decode_minutes, parse_minutes
from meetings.models import Visibility


class Command(BaseCommand):
    help = (
        "Import the committee's plain-text minutes (UTF-8 with or without BOM, or Shift_JIS). "
        "The same minutes again update the same meeting (same date and kind); staff edits "
        "made since are kept unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--json", action="store_true", help="print what was parsed, one JSON object per file"
        )
        parser.add_argument("--dry-run", action="store_true", help="store nothing")
        parser.add_argument(
            "--date",
            type=_date,
            help="the meeting's date (YYYY-MM-DD), for minutes that give none or a wrong one",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite staff edits made since the last import",
        )
        parser.add_argument(
            "--visibility",
            choices=Visibility.values,
            default=Visibility.DRAFT,
            help="visibility of a newly created meeting (default: draft)",
        )

    def handle(
        self,
        *args,
        files,
        json: bool,
        dry_run: bool,
        replace: bool,
        visibility: str,
        date: dt.date | None = None,
        **options,
    ):
        failures = 0
        for path in files:
            try:
                text = decode_minutes(path.read_bytes())
                parsed = parse_minutes(text, date=date)
            except (OSError, MinutesParseError) as error:
                self.stderr.write(f"{path}: {error}")
                failures += 1
                continue
            if json:
                self.stdout.write(_dumps(parsed.as_json()))
            try:
                result = minutes_import(
                    parsed=parsed,
                    source_text=text,
                    replace=replace,
                    visibility=visibility,
                    dry_run=dry_run,
                )
            except MinutesImportError as error:
                self.stderr.write(f"{path}: {error}")
                failures += 1
                continue
            if not json:
                self.stdout.write(f"{path}: {result.describe()}")
                for warning in parsed.warnings:
                    self.stdout.write(f"  warning: {warning}")
        if failures:
            raise CommandError(f"{failures} of {len(files)} files could not be imported")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value}: write the date as YYYY-MM-DD") from None


def _dumps(data) -> str:
    return json_module.dumps(data, ensure_ascii=False)
