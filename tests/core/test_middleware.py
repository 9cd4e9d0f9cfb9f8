"""A NUL byte in a query string of the admin is refused before any changelist reads it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.conftest import ADMIN

pytestmark = pytest.mark.django_db

NUL = "\x00"


def changelists():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


@pytest.mark.parametrize("path", changelists())
def test_every_admin_list_answers_a_nul_in_a_filter_with_the_bad_request_page(
    client, superuser, path
):
    """On PostgreSQL each of these was a 500 (DataError) for a choice filter such as
    ``?status__exact=%00``; the superuser reaches every admin."""
    client.force_login(superuser)
    for query in ({"status__exact": NUL}, {"kind__exact": f"a{NUL}"}, {"q": NUL}, {NUL: "1"}):
        response = client.get(path, query)
        assert response.status_code == 400, (path, query)
        assert "We could not process this request" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        # The portal's own pages answer with their own messages, beside the search box.
        ("/meetings/search/", "q=%00", "NUL文字"),
        ("/companies/", "q=%00", None),
    ],
)
def test_the_portals_own_pages_answer_a_nul_themselves(client, path, query, expected):
    response = client.get(f"{path}?{query}")
    assert response.status_code in (200, 404)
    if expected:
        assert expected in response.content.decode()


def test_the_same_lists_without_a_nul_still_answer(client, superuser):
    client.force_login(superuser)
    assert client.get(f"{ADMIN}meetings/meeting/", {"q": "綾瀬"}).status_code == 200
    assert client.get(f"{ADMIN}openfactory/reservation/", {"status__exact": "x"}).status_code in (
        200,
        302,
    )


def test_a_nul_typed_into_a_form_still_gets_a_message_beside_its_field(client, staff):
    """Only query strings are refused: what someone typed is answered by its form."""
    client.force_login(staff)
    response = client.post(f"{ADMIN}openfactory/area/add/", {"name": f"吉岡{NUL}", "slug": "x"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
