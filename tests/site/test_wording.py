"""Words people read: seats left rather than "6 of 6", 担当 on an action item, an invitation
that asks a committee member for the name on the committee's list."""

import pytest
from django.urls import reverse
from django.utils import timezone

from openfactory.models import Reservation
from tests.accounts.factories import InvitationFactory
from tests.openfactory.factories import ReservationFactory, SlotFactory

pytestmark = pytest.mark.django_db


def test_reception_says_full_or_how_many_seats_are_left(client, owner, company):
    full = SlotFactory(
        programme__exhibitor__company=company,
        programme__exhibitor__area_day__date=timezone.localdate(),
        seats=6,
    )
    ReservationFactory(slot=full, adults=3, children=3)
    open_slot = SlotFactory(programme=full.programme, seats=6)
    ReservationFactory(slot=open_slot, adults=2, children=2, status=Reservation.Status.CONFIRMED)
    client.force_login(owner)
    html = client.get(f"/openfactory/reception/{full.programme.exhibitor.pk}/").content.decode()
    assert "満席(全6席)" in html
    assert "残り2席(全6席)" in html
    assert "6席中" not in html


def test_an_action_item_names_who_is_in_charge(client, staff):
    from tests.meetings.factories import ActionItemFactory

    ActionItemFactory(owner_name="事務局", meeting__visibility="public")
    client.force_login(staff)
    html = client.get(reverse("meetings:action_items")).content.decode()
    assert "担当: 事務局" in html
    assert "管理者: 事務局" not in html


@pytest.mark.parametrize(
    ("kind", "extra", "words", "not_words"),
    [
        ("committee_member", {}, "委員名簿のとおりのお名前", "社内で通じるお名前"),
        ("company_staff", {"company_role": "editor"}, "社内で通じるお名前", "委員名簿"),
    ],
)
def test_the_invitation_asks_for_the_name_that_fits(client, company, kind, extra, words, not_words):
    if kind == "company_staff":
        extra["company"] = company
    invitation = InvitationFactory(kind=kind, **extra)
    html = client.get(
        reverse("accounts:invitation_accept", kwargs={"key": invitation.key})
    ).content.decode()
    assert words in html and not_words not in html
