"""Hostile input on the committee's pages: a NUL byte (which PostgreSQL refuses in text) or a
malformed value in any path, query string or form is a 404 or a message, never a 500."""

import pytest

from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"
HOSTILE = [NUL, f"寮{NUL}", f"{NUL}' OR 1=1 --", "²", "-1", "9" * 40, "x" * 5000]


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/meetings/", "year"),
        ("/meetings/", "page"),
        ("/meetings/search/", "q"),
        ("/meetings/search/", "page"),
        ("/meetings/activities/", "page"),
        ("/meetings/attendance/", "year"),
        ("/meetings/action-items/", "page"),
        ("/meetings/feed/", "page"),
        ("/meetings/calendar.ics", "page"),
    ],
)
def test_query_strings_answer_hostile_values_without_a_500(
    client_for_role, role, path, param, value
):
    MeetingFactory(visibility="public")
    response = client_for_role(role).get(path, {param: value})
    assert response.status_code in (200, 400, 404), response.status_code


def test_a_nul_byte_in_the_search_is_a_message(client):
    MeetingFactory(visibility="public", title="寮の視察")
    response = client.get("/meetings/search/", {"q": f"寮{NUL}"})
    assert response.status_code == 200
    assert "NUL文字" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/meetings/%00/",
        "/meetings/1%00/",
        "/meetings/activities/%00/",
        "/meetings/attachments/%00/",
        "/meetings/calendar/%00.ics",
        "/meetings/calendar/abc%00def.ics",
    ],
)
def test_a_nul_byte_in_a_path_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_a_nul_byte_in_an_activity_answer_is_a_message(client, member):
    from tests.meetings.factories import ActivityFactory

    activity = ActivityFactory()
    client.force_login(member)
    response = client.post(
        f"/meetings/activities/{activity.pk}/answer/", {"answer": "yes", "comment": f"a{NUL}b"}
    )
    assert response.status_code in (302, 400, 404)
