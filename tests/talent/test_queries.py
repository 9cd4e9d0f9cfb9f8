"""The dashboard, an application page and the report run a fixed number of queries."""

import pytest

from tests.talent.factories import (
    ApplicationFactory,
    add_attachment,
    by_kind,
    complete_answers,
    scheme_with_fields,
    submitted,
)

pytestmark = pytest.mark.django_db


def _grow(scheme, times):
    for n in range(times):
        other = scheme_with_fields()
        for s in (scheme, other):
            app = submitted(
                ApplicationFactory(scheme=s), status="in_review" if n % 2 else "submitted"
            )
            add_attachment(app, by_kind(s)["file"])
        ApplicationFactory(scheme=other)


def _count(client, path, django_assert_max_num_queries, captured):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    captured.append(len(queries))


@pytest.mark.parametrize("who", ["staff", "owner"])
def test_pages_do_not_grow_with_rows(
    client, request, scheme, draft, who, django_assert_max_num_queries
):
    complete_answers(draft)
    for field in by_kind(scheme).values():
        if field.kind == "file":
            add_attachment(draft, field, "second.pdf")
    user = request.getfixturevalue(who)
    client.force_login(user)
    paths = [draft.get_absolute_url()]
    if who == "staff":
        submitted(draft)
        paths += [
            "/talent/staff/",
            draft.get_review_url(),
            "/talent/reports/",
            "/talent/reports/csv/",
        ]
    small = []
    for path in paths:
        _count(client, path, django_assert_max_num_queries, small)
    _grow(scheme, 6)
    for _ in range(5):
        add_attachment(draft, by_kind(scheme)["file"], "more.pdf")
    large = []
    for path in paths:
        _count(client, path, django_assert_max_num_queries, large)
    assert large == small, dict(zip(paths, zip(small, large, strict=True), strict=True))
    assert max(large) <= 14


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_the_dashboard_takes_eight_queries_with_applications_waiting(client, request, scheme, who):
    """Session, user, the user's groups and memberships (one query), the open schemes, the
    page of applications waiting with their number, the ceremonies, the houses and the
    dormitory requests pending (issue 16: at most 8 queries on any page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _grow(scheme, 4)
    client.force_login(request.getfixturevalue(who))
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/talent/staff/")
    assert page.status_code == 200
    assert page.content.decode().count("data-waiting=") == 8
    assert len(queries) == 8, [q["sql"] for q in queries.captured_queries]
