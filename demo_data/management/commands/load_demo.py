from django.core.management.base import BaseCommand
from django.db import transaction

from companies import demo as companies_demo
from demo_data.seeds import committee_seed_text
from meetings import demo as meetings_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the committee's profile from the seed file and a few demo "
        "companies. Safe to run again: what exists is kept, nothing is duplicated."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            report = meetings_demo.load(committee_seed_text()) + companies_demo.load()
        for line in report:
            self.stdout.write(line)
