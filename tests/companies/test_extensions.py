"""The companies app stands on its own: what the open factory adds to its pages comes from
above (``companies.extensions``), and without it the pages still work, only without it."""

import pytest

from companies import extensions
from tests.companies.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_the_open_factory_registers_its_block_and_filter():
    assert [f.name for f in extensions.directory_filters()] == ["open_factory"]
    assert "openfactory.programmes" in extensions._page_blocks


def test_without_the_open_factory_the_pages_have_no_block_and_no_filter(client, monkeypatch):
    monkeypatch.setattr(extensions, "_page_blocks", {})
    monkeypatch.setattr(extensions, "_directory_filters", {})
    company = CompanyFactory(name="綾瀬精機")
    page = client.get(company.get_absolute_url())
    assert page.status_code == 200 and "綾瀬精機" in page.content.decode()
    directory = client.get("/companies/?open_factory=on")
    assert directory.status_code == 200
    assert 'name="open_factory"' not in directory.content.decode()
    assert "綾瀬精機" in directory.content.decode()


def test_blocks_are_placed_in_the_order_they_were_registered(monkeypatch):
    from django.utils.safestring import mark_safe

    monkeypatch.setattr(extensions, "_page_blocks", {})
    extensions.register_company_page_block("a", lambda company: mark_safe("<p>a</p>"))
    extensions.register_company_page_block("b", lambda company: mark_safe("<p>b</p>"))
    assert extensions.company_page_blocks(None) == "<p>a</p><p>b</p>"
