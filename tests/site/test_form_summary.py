"""A form sent back with errors opens with a summary that links to each field in error (and
takes the focus: tests/browser/test_form_summary.py); selects ask for a choice in words."""

import re

import pytest

from tests.openfactory.factories import SlotFactory
from tests.openfactory.test_views import form_data

pytestmark = pytest.mark.django_db


def summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S)
    assert summary, "no error summary"
    return re.findall(r'<a href="#([^"]+)">', summary.group(0))


def test_the_reservation_form_links_each_field_in_error(client):
    slot = SlotFactory(seats=4)
    html = client.post(
        f"/openfactory/slots/{slot.pk}/reserve/",
        form_data(name="", email="not-an-address", consent=None),
    ).content.decode()
    links = summary_links(html)
    assert links == ["id_name", "id_email", "id_consent"]
    for anchor in links:
        assert f'id="{anchor}"' in html  # each link leads to its field


def test_a_post_without_a_category_is_told_beside_it_and_in_the_summary(client, editor, company):
    client.force_login(editor)
    html = client.post(
        f"/companies/{company.slug}/posts/new/",
        {"body": "本文", "body_format": "plain", "category": "", "op": "save"},
    ).content.decode()
    assert "カテゴリーを選んでください。" in html
    assert "id_category" in summary_links(html)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (lambda w: f"/openfactory/slots/{w['slot'].pk}/reserve/", "heard_from"),
        (lambda w: f"/companies/{w['company'].slug}/posts/new/", "category"),
        (lambda w: f"/companies/{w['company'].slug}/edit/", "industry"),
    ],
    ids=["reservation", "post", "company"],
)
def test_selects_ask_for_a_choice_in_words(client, owner, company, url, field):
    client.force_login(owner)
    world = {"slot": SlotFactory(), "company": company}
    html = client.get(url(world)).content.decode()
    select = re.search(rf'<select name="{field}".*?</select>', html, re.S).group(0)
    assert "---------" not in select
    assert re.search(r'<option value=""[^>]*>選択してください</option>', select)


def test_a_new_post_has_no_category_chosen_for_the_writer(client, editor, company):
    client.force_login(editor)
    html = client.get(f"/companies/{company.slug}/posts/new/").content.decode()
    select = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"', select)
    # A browser shows the first option of a select with none selected: the prompt, not 営業会議.
    assert options[0] == "" and "selected" not in select.split("</option>", 1)[1]
