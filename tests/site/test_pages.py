import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from demo_data.seeds import committee_seed_text
from meetings import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(db):
    demo.load(committee_seed_text())


def test_about_shows_the_committee_from_the_database(client, committee):
    body = client.get("/about/").content.decode()
    assert "綾瀬イノベーション推進委員会" in body
    assert "平成27年10月（2015年10月）" in body
    assert "14名（令和4年4月時点）" in body
    assert "市内中小製造業若手(創業2代目)経営者及び幹部" in body
    assert "綾瀬市 工業振興企業誘致課" in body
    assert body.count("<li>") >= 5  # purposes as a list
    assert "あやせ工場合同入社式・合同研修" in body


def test_about_follows_the_admins_edits(client, committee):
    from meetings.models import Committee

    Committee.objects.update(member_count=15)
    assert "15名" in client.get("/about/").content.decode()


def test_about_in_english_keeps_both_calendars(client, committee):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/about/").content.decode()
    assert "Founded" in body and "平成27年10月（Oct 2015）" in body
    assert "14 members（as of 令和4年4月）" in body


def test_about_without_a_profile_says_so(client):
    assert "まだ登録されていません" in client.get("/about/").content.decode()


def test_home_links_the_four_parts(client):
    body = client.get("/").content.decode()
    for path in ("/meetings/", "/openfactory/", "/companies/", "/talent/"):
        assert f'href="{path}"' in body
    assert 'href="#main"' in body  # skip link
    assert "<main" in body and "<nav" in body and "<footer" in body


def test_404_page_in_japanese_and_english(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
    response = client.get("/no-such-page/", headers={"accept-language": "en"})
    assert "Page not found" in response.content.decode()


def test_500_page_speaks_both_languages_without_a_database():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "エラーが発生しました" in body and "Something went wrong" in body


def test_a_view_error_is_a_friendly_500_not_a_traceback(client, settings):
    settings.ROOT_URLCONF = "tests.site.failing_urls"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_company_directory_paginates(client):
    from tests.companies.factories import CompanyFactory

    CompanyFactory.create_batch(35)
    first = client.get("/companies/").content.decode()
    second = client.get("/companies/?page=2").content.decode()
    assert first.count('class="list-group-item"') == 30
    assert second.count('class="list-group-item"') == 5
    assert client.get("/companies/?page=abc").status_code == 200
    assert client.get("/companies/?page=999").status_code == 200


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_no_asset_comes_from_a_cdn(client):
    """Stylesheets, scripts, images and icons come from the portal itself. (A plain search for
    "cdn" in the page failed once, in a CSRF token that happened to hold those letters.)"""
    body = client.get("/").content.decode()
    assets = re.findall(
        r"<(?:link|script|img|source)\b[^>]*?\b(?:href|src|srcset)=\"([^\"]+)\"", body
    )
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    assert [a for a in assets if not a.startswith("/") or a.startswith("//")] == []
    assert "/static/vendor/bootstrap/bootstrap.portal.min.css" in body
