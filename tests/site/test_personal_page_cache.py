"""City staff's slow pages kept for their own session (core/page_cache.cached_personal_page):
a survey's results and the talent dashboard are served again without their queries, never
to another user or session, never after the staff member lost the right to see them, and
never stale after a change, including the writes that bypass Django's signals.

The test settings turn the page cache off for the rest of the suite; each test here turns it
on. Transactions commit, as in production: the cache's generation moves on at commit.
"""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.page_cache import GENERATION_KEY
from openfactory import services as reservation_services
from openfactory.models import Answer
from openfactory.surveys import services
from tests.conftest import PortalClient
from tests.openfactory.factories import ExhibitorFactory, SlotFactory
from tests.openfactory.survey_factories import full_survey
from tests.talent.factories import ApplicationFactory, scheme_with_fields, submitted

pytestmark = pytest.mark.django_db(transaction=True)

# What a kept page still costs: the session, the user and the permission check's groups.
AUTH_QUERIES = 3


@pytest.fixture(autouse=True)
def _page_cache_on(page_cache_on):
    cache.set(GENERATION_KEY, 1, timeout=None)


@pytest.fixture
def survey():
    survey = full_survey()
    survey.venues = [ExhibitorFactory(area_day=survey.area_day) for _ in range(3)]
    return survey


def signed_in(user) -> PortalClient:
    client = PortalClient()
    client.force_login(user)
    return client


def results_url(survey) -> str:
    return reverse("openfactory:surveys:results", kwargs={"pk": survey.pk})


def answer(survey, text: str, key: str) -> None:
    services.response_submit(
        survey=survey,
        answers={survey.q["rating"].pk: {"number": 4}, survey.q["text"].pk: {"text": text}},
        browser_key=key,
    )


def figure(page, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', page.content.decode())[1]


def queries_of(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return len(queries), page


def test_the_second_request_is_served_without_the_pages_queries(staff, survey):
    answer(survey, "見学が楽しかった", "a")
    client = signed_in(staff)
    rendered, first = queries_of(client, results_url(survey))
    kept, second = queries_of(client, results_url(survey))
    assert rendered > AUTH_QUERIES and kept == AUTH_QUERIES
    assert figure(second, "responses") == figure(first, "responses") == "1"
    assert "見学が楽しかった" in second.content.decode()


def test_never_served_to_another_user_or_another_session(staff, survey, role_groups):
    from tests.accounts.factories import UserFactory

    other = UserFactory(is_staff=True)
    other.groups.add(role_groups[0])
    url = results_url(survey)
    queries_of(signed_in(staff), url)
    # Another staff member, and the same one signed in on another phone: rendered for them.
    for client in (signed_in(other), signed_in(staff)):
        rendered, _page = queries_of(client, url)
        assert rendered > AUTH_QUERIES


def test_a_staff_member_taken_out_of_city_staff_is_refused_at_once(staff, survey, role_groups):
    client = signed_in(staff)
    queries_of(client, results_url(survey))
    queries_of(client, "/talent/staff/")
    staff.groups.remove(role_groups[0])
    assert client.get(results_url(survey)).status_code == 403
    assert client.get("/talent/staff/").status_code == 403


def test_a_new_answer_and_a_hidden_comment_are_seen_at_once(staff, survey):
    answer(survey, "暑かった", "a")
    client = signed_in(staff)
    assert figure(client.get(results_url(survey)), "responses") == "1"
    answer(survey, "また来たい", "b")
    page = client.get(results_url(survey))
    assert figure(page, "responses") == "2" and "また来たい" in page.content.decode()
    # Hidden with update(), which sends no signal.
    comment = Answer.objects.get(text="暑かった")
    hide = reverse("openfactory:surveys:answer_hide", kwargs={"pk": comment.pk})
    assert client.post(hide, {"hidden": "on"}).status_code == 302
    assert 'text-bg-secondary">非表示<' in client.get(results_url(survey)).content.decode()


def test_a_walk_in_counted_at_reception_is_seen_at_once(staff, survey):
    slot = SlotFactory(programme__exhibitor=survey.venues[0])
    client = signed_in(staff)
    assert figure(client.get(results_url(survey)), "visitors") == "0"
    day = survey.area_day.date
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    for visitors in ("1", "2"):  # the first creates the day's count; the second is update()
        reservation_services.walk_in_add(
            programme_id=slot.programme_id, date=day, delta=1, now=noon
        )
        assert figure(client.get(results_url(survey)), "visitors") == visitors


def test_a_searched_comment_page_is_not_kept(staff, survey):
    client = signed_in(staff)
    url = results_url(survey) + "?q=%E6%9A%91"
    queries_of(client, url)
    rendered, _page = queries_of(client, url)
    assert rendered > AUTH_QUERIES


def test_the_dashboard_shows_a_new_application_at_once(staff):
    scheme = scheme_with_fields()
    client = signed_in(staff)
    rendered, _page = queries_of(client, "/talent/staff/")
    kept, page = queries_of(client, "/talent/staff/")
    assert kept == AUTH_QUERIES < rendered
    assert "data-waiting=" not in page.content.decode()
    application = submitted(ApplicationFactory(scheme=scheme))
    page = client.get("/talent/staff/")
    assert f'data-waiting="{application.pk}"' in page.content.decode()


def test_a_message_waiting_is_shown_once_never_kept_nor_swallowed(staff):
    """A message added by the last action (kept in the messages cookie) is shown on the page
    rendered for it; the kept page, which has no message, is not served instead, and the page
    with the message is not kept for the next request."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    client = signed_in(staff)
    queries_of(client, "/talent/staff/")
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "申請を承認しました")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    rendered, page = queries_of(client, "/talent/staff/")
    assert rendered > AUTH_QUERIES and "申請を承認しました" in page.content.decode()
    # Shown, the message's cookie is deleted (the test client keeps it, empty, where a browser
    # drops it).
    assert page.cookies["messages"].value == ""
    del client.cookies["messages"]
    kept, page = queries_of(client, "/talent/staff/")
    assert kept == AUTH_QUERIES and "申請を承認しました" not in page.content.decode()
