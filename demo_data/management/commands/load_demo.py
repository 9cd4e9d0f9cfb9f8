from django.core.management.base import BaseCommand
from django.db import transaction

from companies import demo as companies_demo
from demo_data.seeds import committee_seed_text
from meetings import demo as meetings_demo
from openfactory import demo as openfactory_demo
from openfactory.surveys import demo as survey_demo
from talent import demo as talent_demo
from talent import demo_schemes as talent_schemes_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the committee's profile from the seed file, a few demo "
        "companies and an open factory edition with programmes. Safe to run again: what exists is kept, nothing is duplicated."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            report = (
                meetings_demo.load(committee_seed_text())
                + companies_demo.load()
                + openfactory_demo.load()
                + survey_demo.load()
                + talent_demo.load()
                + talent_schemes_demo.load()
            )
        for line in report:
            self.stdout.write(line)
