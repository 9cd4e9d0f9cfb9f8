"""Each page runs a fixed number of SQL queries, whatever the amount of data."""

import pytest

from demo_data.seeds import committee_seed_text
from meetings import demo
from meetings.models import Committee, CommitteeActivity, CommitteePurpose
from tests.companies.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def grow_committee(times: int):
    committee = Committee.objects.get()
    CommitteePurpose.objects.bulk_create(
        CommitteePurpose(committee=committee, text=f"目的{i}") for i in range(times)
    )
    CommitteeActivity.objects.bulk_create(
        CommitteeActivity(committee=committee, title=f"活動{i}") for i in range(times)
    )


@pytest.mark.parametrize(("path", "queries"), [("/", 4), ("/about/", 3)])
def test_committee_pages_do_not_grow_with_the_profile(
    client, django_assert_num_queries, path, queries
):
    demo.load(committee_seed_text())
    with django_assert_num_queries(queries):
        client.get(path)
    grow_committee(50)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_company_directory_does_not_grow_with_the_companies(client, django_assert_num_queries):
    CompanyFactory.create_batch(3)
    with django_assert_num_queries(2):
        client.get("/companies/")
    CompanyFactory.create_batch(80)
    with django_assert_num_queries(2):
        assert client.get("/companies/").status_code == 200


@pytest.mark.parametrize(
    ("role", "queries"),
    # session, user, the user's groups and memberships in one query (who sees which minutes,
    # the "My companies" and admin links: accounts.roles.standing), then the home page's own
    # four: committee, posts, edition, minutes.
    [("visitor", 7), ("editor", 7), ("member", 7), ("staff", 7)],
)
def test_a_logged_in_page_costs_a_fixed_number_of_queries(
    client_for_role, django_assert_num_queries, role, queries
):
    client = client_for_role(role)
    demo.load(committee_seed_text())
    with django_assert_num_queries(queries):
        assert client.get("/").status_code == 200


def test_company_page(client, django_assert_num_queries, company):
    # The company, its latest posts (tests/companies/test_queries.py grows them), its open
    # factory programmes (tests/openfactory/test_company_page.py grows them).
    with django_assert_num_queries(3):
        assert client.get(company.get_absolute_url()).status_code == 200


def test_home_does_not_grow_with_posts_editions_or_minutes(client, django_assert_num_queries):
    from tests.companies.factories import PostFactory
    from tests.meetings.factories import MeetingFactory
    from tests.openfactory.factories import AreaDayFactory, EditionFactory, SlotFactory

    demo.load(committee_seed_text())
    PostFactory()
    day = AreaDayFactory(edition=EditionFactory(year=2090, number=90))
    # Committee, posts, the edition, its days (with what can still be reserved), minutes.
    with django_assert_num_queries(5):
        client.get("/")
    PostFactory.create_batch(10)
    MeetingFactory.create_batch(10)
    for year in (2085, 2086, 2087):  # older: the 2090 edition stays the one shown
        EditionFactory(year=year, number=year - 2000)
    AreaDayFactory.create_batch(3, edition=day.edition)
    SlotFactory.create_batch(5, programme__exhibitor__area_day=day)
    with django_assert_num_queries(5):
        body = client.get("/").content.decode()
    assert body.count("post-card") == 6
    assert body.count("area-day-card") == 4
    assert "最新の議事録" in body and "スマートナビの新着" in body
