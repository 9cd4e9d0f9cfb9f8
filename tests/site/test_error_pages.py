"""The error pages a visitor can meet besides 403/404/500: CSRF failure, 400, database down."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_form_sent_without_its_csrf_token_gets_a_page_in_the_visitors_language():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.jp", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "フォームの有効期限が切れました" in body
    assert 'href="/"' in body and "<footer" in body  # the site's own layout
    assert "CSRF verification failed" not in body

    english = client.post(
        "/accounts/login/", {"login": "a@example.jp"}, headers={"accept-language": "en"}
    )
    assert english.status_code == 403
    assert "This form has expired" in english.content.decode()


def test_a_bad_request_gets_a_page_in_both_languages(client):
    response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "リクエストを処理できませんでした" in body
    assert "We could not process this request" in body
    assert "Bad Request (400)" not in body


def test_too_many_fields_is_a_400_page_not_a_500(client):
    fields = {f"f{i}": "x" for i in range(1500)}
    response = client.post("/accounts/login/", fields)
    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.content.decode()


def test_an_unreachable_database_is_a_503_maintenance_page_with_retry_after(client, settings):
    settings.ROOT_URLCONF = "tests.site.failing_urls"
    client.raise_request_exception = False
    response = client.get("/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "ただいまメンテナンス中です" in body and "temporarily unavailable" in body
    assert "Traceback" not in body
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/boom/", "/database-error/"])
def test_any_other_error_stays_a_500(client, settings, path):
    settings.ROOT_URLCONF = "tests.site.failing_urls"
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "エラーが発生しました" in response.content.decode()
