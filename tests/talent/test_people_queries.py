"""The people programmes' pages run a fixed number of SQL queries, whatever the rows."""

import pytest
from django.urls import reverse

from tests.talent.people_factories import (
    CeremonyEventFactory,
    CeremonyRegistrationFactory,
    ChecklistItemFactory,
    DormitoryRequestFactory,
    GuidancePageFactory,
    HireCheckFactory,
    HireFactory,
    HouseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(company):
    event = CeremonyEventFactory(capacity=500)
    hire = HireFactory(company=company)
    return {
        "company": company,
        "event": event,
        "hire": hire,
        "page": GuidancePageFactory(),
        "request": DormitoryRequestFactory(company=company),
        "registration": CeremonyRegistrationFactory(event=event, company=company),
    }


def grow(w, times):
    for _ in range(times):
        GuidancePageFactory()
        item = ChecklistItemFactory(asks_date=True)
        HireCheckFactory(hire=w["hire"], item=item)
        hire = HireFactory(company=w["company"])
        HireCheckFactory(hire=hire, item=item)
        CeremonyRegistrationFactory(event=w["event"], company=w["company"])
        CeremonyRegistrationFactory(event=w["event"])
        CeremonyEventFactory()
        HouseFactory()
        DormitoryRequestFactory(company=w["company"])
        DormitoryRequestFactory()


def c(name, kw):
    return lambda w: reverse(name, kwargs={"company": w["company"].slug, **kw(w)})


PAGES = {
    # path, role, queries
    "guidance list": (lambda w: reverse("talent:guidance_list"), "anonymous", 1),
    "guidance page": (lambda w: w["page"].get_absolute_url(), "anonymous", 1),
    # session, user, role checks, the company, memberships, then the page's own reads
    "hires": (c("talent:hire_list", lambda w: {}), "owner", 7),
    "hire checklist": (
        c("talent:hire_detail", lambda w: {"pk": w["hire"].pk}),
        "owner",
        7,
    ),
    "hire print": (c("talent:hire_print", lambda w: {"pk": w["hire"].pk}), "owner", 7),
    "registrations": (c("talent:registration_list", lambda w: {}), "owner", 7),
    "dormitory requests": (c("talent:dormitory_requests", lambda w: {}), "owner", 7),
    # city staff: session, user, groups with memberships (one query), the page's own reads
    "staff people": (lambda w: reverse("talent:staff_people"), "staff", 6),
    "staff event": (
        lambda w: reverse("talent:staff_event", kwargs={"pk": w["event"].pk}),
        "staff",
        5,
    ),
    "badges": (
        lambda w: reverse("talent:staff_event_badges", kwargs={"pk": w["event"].pk}),
        "staff",
        5,
    ),
    "attendance": (
        lambda w: reverse("talent:staff_attendance", kwargs={"pk": w["event"].pk}),
        "staff",
        5,
    ),
    "dormitory list": (lambda w: reverse("talent:staff_dormitory_list"), "staff", 5),
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_do_not_grow_with_the_data(client_for_role, django_assert_num_queries, world, page):
    path, role, queries = PAGES[page]
    client = client_for_role(role)
    url = path(world)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(world, 5)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
