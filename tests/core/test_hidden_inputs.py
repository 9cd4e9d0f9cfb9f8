"""``{% hidden_inputs %}`` sends on what ``{{ field.as_hidden }}`` did, field by field."""

import pytest
from django.template import Context, Template

from openfactory.forms import ReservationForm
from tests.html_forms import page_forms
from tests.openfactory.factories import SlotFactory

pytestmark = pytest.mark.django_db


def posted(markup: str) -> dict:
    return page_forms(f'<form method="post">{markup}</form>')[0].data()


def test_the_inputs_post_what_as_hidden_posted():
    form = ReservationForm(
        {
            "name": "綾瀬 花子",
            "name_kana": "アヤセ ハナコ",
            "email": "hanako@example.jp",
            "phone": "090-1234-5678",
            "adults": "2",
            "children": "0",
            "accessibility_needs": '車いす<1台> & "ベビーカー"\n段差が心配です',
            "heard_from": "",
            "consent": "on",
            "idempotency_key": "a" * 32,
        },
        slot=SlotFactory(),
    )
    assert form.is_valid(), form.errors
    leave_out = ("join_waitlist", "overlap_ok", "rules_read")
    before = "".join(str(field.as_hidden()) for field in form if field.name not in leave_out)
    after = Template(
        '{% load hidden_inputs %}{% hidden_inputs form leave_out="join_waitlist overlap_ok rules_read" %}'
    ).render(Context({"form": form}))
    assert posted(after) == posted(before)
    assert posted(after)["accessibility_needs"] == '車いす<1台> & "ベビーカー"\n段差が心配です'
    assert posted(after)["consent"] == "True" and "rules_read" not in posted(after)
    assert "<1台>" not in after  # escaped
