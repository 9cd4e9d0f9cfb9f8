"""The directory's companies as open data in the 公共施設一覧 layout: listed companies only,
only what their public page shows."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from tests.companies.factories import CompanyFactory, MembershipFactory
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db
COLUMNS_FILE = Path(settings.BASE_DIR) / "companies" / "opendata" / "facility_columns.txt"


def _columns() -> list[str]:
    lines = COLUMNS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@pytest.fixture
def companies(db):
    listed = CompanyFactory(
        name="綾瀬精密工業",
        name_kana="あやせせいみつこうぎょう",
        address="神奈川県綾瀬市吉岡1-2-3",
        latitude=Decimal("35.437000"),
        longitude=Decimal("139.426000"),
        contact_phone="0467-00-0000",
        contact_email="tanaka.personal@example.jp",
        contact_note="総務部 田中",
        industry="metal",
    )
    MembershipFactory(company=listed, user__email="staff-of-a@example.jp")
    hidden = CompanyFactory(name="非公開工業", is_listed=False)
    return listed, hidden


def test_the_csv_has_the_kept_header_and_the_companys_values(client, companies, settings):
    settings.SITE_URL = "https://portal.example.jp"
    response = client.get("/companies/opendata.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == _columns()
    assert len(rows) == 2  # the listed company only
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["都道府県コード又は市区町村コード"] == "142182"
    assert row["名称"] == "綾瀬精密工業"
    assert row["名称_カナ"] == "アヤセセイミツコウギョウ"
    assert (row["緯度"], row["経度"]) == ("35.437000", "139.426000")
    assert row["連絡先電話番号"] == "0467-00-0000"
    assert row["URL"] == "https://portal.example.jp/companies/" + companies[0].slug + "/"
    assert row["利用可能曜日"] == ""
    for private in ("非公開工業", "tanaka.personal", "田中", "staff-of-a"):
        assert private not in text


def test_the_json_holds_the_same_records_and_the_licence(client, companies):
    data = json.loads(client.get("/companies/opendata.json").content)
    assert data["dataset"] == "公共施設一覧"
    assert data["columns"] == _columns()
    assert data["license"]["name"] == settings.OPEN_DATA_LICENSE
    assert [r["名称"] for r in data["records"]] == ["綾瀬精密工業"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_same_public_data(client_for_role, role, companies):
    client = client_for_role(role)
    for path in ("/companies/opendata.csv", "/companies/opendata.json"):
        response = client.get(path)
        assert response.status_code == 200
        assert "非公開工業" not in response.content.decode()


def test_the_directory_links_the_open_data_with_its_licence(client, companies):
    html = client.get("/companies/").content.decode()
    assert 'href="/companies/opendata.csv"' in html
    assert 'href="/companies/opendata.json"' in html
    assert settings.OPEN_DATA_LICENSE in html


def test_a_position_is_whole_or_none(companies):
    company = companies[0]
    company.longitude = None
    with pytest.raises(ValidationError):
        company.full_clean()
    company.longitude = Decimal("200")
    with pytest.raises(ValidationError):
        company.full_clean()
