import datetime as dt

import pytest

from demo_data.seeds import committee_seed_text
from meetings.profile import ProfileError, parse_era_month, parse_profile


def test_the_seed_profile_is_read_into_fields_and_lists():
    profile = parse_profile(committee_seed_text())

    assert profile.name == "綾瀬イノベーション推進委員会"
    assert profile.description.startswith(
        "綾瀬イノベーション推進委員会は「ものづくりのまち あやせ」"
    )
    assert profile.founded_on == dt.date(2015, 10, 1)
    assert profile.member_count == 14
    assert profile.member_count_as_of == dt.date(2022, 4, 1)
    assert profile.members_profile == "市内中小製造業若手(創業2代目)経営者及び幹部"
    assert profile.secretariat == "綾瀬市 工業振興企業誘致課"
    assert profile.purposes == [
        "市内製造業の技術力のPR",
        "市内製造業の方向性の模索",
        '企業集積を活かし、業種・業態の違いを超えた"ものづくりネットワーク"構築の推進',
        "協同受発注の誘発",
        "企業経営者目線による、市内企業が必要とする施策についての検討",
    ]
    titles = [a.title for a in profile.activities]
    assert titles == [
        "他地域工業団体等(大田区、大東市など)との交流",
        "イノベーションものづくりプロジェクト",
        "あやせ工場合同入社式・合同研修",
        "経営課題を抽出し産業振興施策の検討、地域ブランディングの提言",
    ]
    assert profile.activities[0].period == "平成28年6月~"
    assert profile.activities[0].started_on == dt.date(2016, 6, 1)
    assert profile.activities[2].description == (
        "市内に就職した新人を対象にした合同研修、合同入社式を実施。\n"
        "若手同士のネットワーク構築、人材定着を目指す。"
    )
    assert profile.activities[3].period == ""


def test_the_minutes_before_the_profile_never_leak_into_it():
    profile = parse_profile(committee_seed_text())
    everything = " ".join(
        [profile.description, *profile.purposes, *(a.description for a in profile.activities)]
    )
    assert "技人国" not in everything
    assert "燕三条" not in everything


def test_text_without_a_profile_is_refused():
    with pytest.raises(ProfileError):
        parse_profile("2022/9/5 定例会 議事録\n○高度人材について\n・転職組多い\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成27年10月", dt.date(2015, 10, 1)),
        ("14名(R4.4時点)", dt.date(2022, 4, 1)),
        ("令和元年5月", dt.date(2019, 5, 1)),
        ("平成２８年６月～", dt.date(2016, 6, 1)),
        ("2015年10月", None),
    ],
)
def test_era_months(text, expected):
    assert parse_era_month(text) == expected
