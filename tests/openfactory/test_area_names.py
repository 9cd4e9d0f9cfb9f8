"""One name per area, translated once: 吉岡 on the Japanese pages and Yoshioka on the English
ones, in the open factory as in the company directory."""

import pytest
from django.core.management import call_command

from companies.models import Company

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "name"), [("ja", "吉岡"), ("en", "Yoshioka")])
def test_an_area_has_the_directorys_name_in_each_language(client, language, name):
    call_command("load_demo")
    client.cookies["django_language"] = language
    area_day = client.get("/openfactory/2023/yoshioka/").content.decode()
    company = Company.objects.filter(area="yoshioka").first()
    company.is_public = True
    company.save()
    directory = client.get(company.get_absolute_url()).content.decode()
    assert name in area_day and name in directory
    if language == "en":
        assert "吉岡" not in area_day
