"""make rehearsal's data (demo_data/management/commands/rehearsal_data.py): what the
rehearsal's visitors and staff find, and never on a database that holds data already."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from openfactory.models import Reservation, Slot

pytestmark = pytest.mark.django_db


def setup() -> dict:
    out = StringIO()
    call_command(
        "rehearsal_data", "setup", password="a-rehearsal-pass-1", totp_secret="A" * 32, stdout=out
    )
    return json.loads(out.getvalue())


def test_setup_opens_a_slot_of_twenty_seats_to_the_public(client):
    data = setup()
    slot = Slot.objects.get(pk=data["slot"])
    assert slot.seats == data["seats"] == 20
    form = client.get(data["reserve_url"])
    assert form.status_code == 200 and 'name="idempotency_key"' in form.content.decode()
    # Three visitors hold seats tomorrow, for the reminders job.
    assert Reservation.objects.exclude(slot=slot).count() == 3
    # The attachment is members-only: a visitor gets a 404.
    assert client.get(data["attachment_url"]).status_code == 404


def test_state_counts_the_slots_reservations():
    data = setup()
    out = StringIO()
    call_command("rehearsal_data", "state", slot=data["slot"], stdout=out)
    assert json.loads(out.getvalue()) == {"by_status": {}, "mails_recorded": {}, "reservations": []}


def test_setup_refuses_a_database_with_data(staff):
    with pytest.raises(CommandError, match="empty database"):
        setup()
