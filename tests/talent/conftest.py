import pytest
from django.conf import settings
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.companies.factories import CompanyFactory, MembershipFactory
from tests.conftest import PASSWORD
from tests.talent.factories import ApplicationFactory, scheme_with_fields
from tests.talent.people_factories import (
    CeremonyEventFactory,
    CeremonyRegistrationFactory,
    ChecklistItemFactory,
    DormitoryRequestFactory,
    GuidancePageFactory,
    HireFactory,
    HouseFactory,
)


@pytest.fixture
def other_company(db):
    return CompanyFactory(name="早川金属")


@pytest.fixture
def other_owner(db, other_company):
    user = UserFactory(password=PASSWORD)
    MembershipFactory(user=user, company=other_company, role="owner")
    return user


@pytest.fixture
def people(db, company, other_company):
    """One of everything for ``company``, and the same for another company."""
    item = ChecklistItemFactory(text_ja="在留期間の 満了日を 確認した", asks_date=True)
    event = CeremonyEventFactory(title="あやせ工場合同入社式", capacity=10)
    house = HouseFactory(name="吉岡の家", capacity=4)
    return {
        "page": GuidancePageFactory(slug="residence-card"),
        "item": item,
        "hire": HireFactory(company=company, label="N.T."),
        "other_hire": HireFactory(company=other_company, label="B.B."),
        "event": event,
        "registration": CeremonyRegistrationFactory(event=event, company=company),
        "other_registration": CeremonyRegistrationFactory(event=event, company=other_company),
        "house": house,
        "request": DormitoryRequestFactory(company=company, places=2),
        "other_request": DormitoryRequestFactory(
            company=other_company, for_whom="早川の実習生 5名"
        ),
    }


@pytest.fixture(autouse=True)
def _site_language():
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def scheme(db):
    return scheme_with_fields()


@pytest.fixture
def draft(scheme, company, owner):
    return ApplicationFactory(scheme=scheme, company=company, created_by=owner)
