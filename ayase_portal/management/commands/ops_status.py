"""``manage.py ops_status``: the figures of /healthz, for an operator at a terminal."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ayase_portal import health


def _duration(seconds: int) -> str:
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


class Command(BaseCommand):
    help = (
        "Print the state of the database, cache and broker, the tasks waiting in the workers' "
        "queues and the age of the oldest unsent mail; exit 1 when anything is wrong or late."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print /healthz's JSON instead")

    def handle(self, *args, **options):
        result = health.status()
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self._print(result)
        if result["status"] != "ok":
            raise CommandError(f"status: {result['status']}", returncode=1)

    def _print(self, result: dict) -> None:
        def line(label: str, value: str, ok: bool) -> None:
            style = self.style.SUCCESS if ok else self.style.ERROR
            self.stdout.write(f"{label:<20} {style(value)}")

        for part in ("database", "cache", "broker"):
            line(part, result[part], result[part] in {"ok", "eager"})
        queue = result["queue_length"]
        if queue is None:
            line("queue", "unknown" if result["broker"] == "error" else "none (eager)", True)
        else:
            limit = settings.HEALTH_QUEUE_LIMIT
            line("queue", f"{queue} tasks waiting (limit {limit})", queue <= limit)
        age = result["oldest_unsent_mail_seconds"]
        if age is None:
            unknown = result["database"] != "ok"
            line("oldest unsent mail", "unknown" if unknown else "none", not unknown)
        else:
            limit = settings.HEALTH_UNSENT_MAIL_LIMIT
            line(
                "oldest unsent mail",
                f"{_duration(age)} late (limit {_duration(limit)})",
                age <= limit,
            )
        line("status", result["status"], result["status"] == "ok")
