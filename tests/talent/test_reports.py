"""Fiscal years (年度, April to March) and the report's counts, on the page and in the CSV."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from japanese.dates import fiscal_year, wareki_fiscal_year
from talent.models import Application
from talent.selectors.reports import report_rows
from tests.talent.factories import ApplicationFactory, SchemeFactory, submitted

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("day", "year", "label"),
    [
        (dt.date(2023, 3, 31), 2022, "令和4年度"),
        (dt.date(2023, 4, 1), 2023, "令和5年度"),
        (dt.date(2019, 4, 1), 2019, "令和元年度"),
        (dt.date(2019, 3, 31), 2018, "平成30年度"),
        (dt.date(1989, 3, 31), 1988, "昭和63年度"),
    ],
)
def test_fiscal_year_and_its_japanese_name(day, year, label):
    assert fiscal_year(day) == year
    assert wareki_fiscal_year(year) == label


def test_an_application_of_31_march_2023_late_at_night_is_in_reiwa_4(owner):
    scheme = SchemeFactory()
    late = dt.datetime(2023, 3, 31, 23, 30, tzinfo=TOKYO)  # 14:30 UTC, the same day
    early = dt.datetime(2023, 4, 1, 0, 10, tzinfo=TOKYO)  # still 31 March in UTC
    submitted(ApplicationFactory(scheme=scheme), at=late)
    submitted(ApplicationFactory(scheme=scheme), at=early)
    assert sorted(Application.objects.values_list("fiscal_year", flat=True)) == [2022, 2023]


def _world():
    rent = SchemeFactory(title="住まい支援", order=1)
    hires = SchemeFactory(title="技人国", order=2)
    r4 = dt.datetime(2022, 10, 1, 10, tzinfo=TOKYO)
    r5 = dt.datetime(2023, 5, 1, 10, tzinfo=TOKYO)
    for status, amount in (("approved", 100000), ("approved", 50000), ("rejected", None)):
        app = submitted(ApplicationFactory(scheme=rent), at=r4, status=status)
        if amount:
            Application.objects.filter(pk=app.pk).update(amount_granted=amount)
    submitted(ApplicationFactory(scheme=rent), at=r4, status="in_review")
    submitted(ApplicationFactory(scheme=hires), at=r5, status="submitted")
    ApplicationFactory(scheme=hires)  # a draft counts nowhere
    return rent, hires


def test_report_rows_per_scheme_and_fiscal_year():
    _world()
    rows = {(r.fiscal_year, r.scheme_title): r for r in report_rows()}
    assert set(rows) == {(2022, "住まい支援"), (2023, "技人国")}
    r4 = rows[(2022, "住まい支援")]
    assert (r4.applications, r4.approved, r4.rejected, r4.in_progress) == (4, 2, 1, 1)
    assert r4.amount_granted == 150000
    assert r4.approval_rate == pytest.approx(2 / 3)
    assert r4.fiscal_year_label == "令和4年度"
    assert rows[(2023, "技人国")].approval_rate is None
    assert [r.fiscal_year for r in report_rows(fiscal_year=2023)] == [2023]


def test_the_report_page_and_csv(client, member):
    _world()
    client.force_login(member)
    page = client.get("/talent/reports/").content.decode()
    assert "令和4年度" in page and "150,000" in page and "67%" in page
    response = client.get("/talent/reports/csv/?year=2022")
    body = response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "令和4年度" in text and "150000" in text and "66.7" in text
    assert "技人国" not in text  # filtered to 令和4年度


def test_a_year_that_is_no_year_is_a_404_not_a_500(client, member):
    client.force_login(member)
    assert client.get("/talent/reports/?year=abc").status_code == 404
