import datetime as dt

import pytest
from django.core.management import call_command

from openfactory import demo
from openfactory.models import Area, AreaDay, Edition, Exhibitor, Programme, Slot

pytestmark = pytest.mark.django_db


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Area, Edition, AreaDay, Exhibitor, Programme, Slot)
    ]


def test_load_demo_makes_the_four_areas_the_2022_figure_and_an_upcoming_edition(capsys):
    call_command("load_demo")
    assert list(Area.objects.values_list("name", flat=True)) == [
        "吉岡",
        "早川・さがみ野・小園",
        "上土棚・与蔵山下",
        "綾瀬工業団地",
    ]
    yoshioka_2022 = AreaDay.objects.get(edition__year=2022)
    assert (yoshioka_2022.area.name, yoshioka_2022.date) == ("吉岡", dt.date(2022, 9, 3))
    assert yoshioka_2022.visitors_recorded == 450
    upcoming = Edition.objects.get(is_demo=True)
    assert upcoming.is_open and upcoming.area_days.count() == 4
    assert Exhibitor.objects.filter(area_day__edition=upcoming).count() == 4
    assert Programme.objects.filter(is_demo=False).count() == 0
    assert Slot.objects.filter(programme__allocation="lottery").exists()
    assert "open factory demo edition" in capsys.readouterr().out


def test_a_second_run_changes_nothing():
    call_command("load_demo")
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before


def test_the_upcoming_days_are_saturdays_weeks_ahead():
    days = demo._saturdays_ahead(dt.date(2026, 11, 25), 4)
    assert [d.weekday() for d in days] == [5, 5, 5, 5]
    assert days[0] >= dt.date(2026, 12, 16)
