import pytest
from django.core.management import call_command

from companies.models import Company
from meetings.models import Committee, CommitteeActivity, CommitteePurpose

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "committee": list(Committee.objects.values()),
        "purposes": list(CommitteePurpose.objects.values()),
        "activities": list(CommitteeActivity.objects.values()),
        "companies": list(Company.objects.values()),
    }


def test_load_demo_loads_the_seed_profile_and_demo_companies(capsys):
    call_command("load_demo")
    committee = Committee.objects.get()
    assert committee.member_count == 14
    assert committee.purposes.count() == 5
    assert committee.activities.count() == 4
    assert Company.objects.filter(is_demo=True).count() == 4
    # The committee's own account is real, not demo data: it posts to Smart Navi.
    assert not Company.objects.filter(is_demo=False, is_committee=False).exists()
    assert Company.objects.get(is_committee=True).is_listed
    assert "committee profile: created" in capsys.readouterr().out


def test_a_second_run_changes_nothing(capsys):
    call_command("load_demo")
    before = snapshot()
    call_command("load_demo")
    assert snapshot() == before
    assert "kept" in capsys.readouterr().out


def test_staff_edits_survive_a_second_run():
    call_command("load_demo")
    Committee.objects.update(member_count=16)
    call_command("load_demo")
    assert Committee.objects.get().member_count == 16
