"""The minutes parser, on the committee's real seed and on the variations people type.

Warnings are asserted in English here (the admin in English); tests/meetings/test_layouts.py
reads them in Japanese as the secretariat does.
"""

# Full-width digits, colons and parentheses are what people type: the input is meant to hold them.

import datetime as dt
import json

import pytest
from django.utils import translation

from demo_data.seeds import COMMITTEE_SEED, committee_seed_text
from meetings.minutes_parser import (
    MinutesParseError,
    ParsedItem,
    ParsedLink,
    ParsedMinutes,
    decode_minutes,
    parse_minutes,
)

TITLE = "2022/9/5 綾瀬イノベーション推進委員会 定例会 議事録"
PROFILE_WARNING = (
    "minutes end at line 84: the rest is the committee's profile (○結成…), not imported"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def make(*lines: str) -> str:
    return "\n".join(lines)


def minutes_text(
    *agenda: str,
    title: str = TITLE,
    date_line: str = "2022 9/5 19:00",
    attendees: tuple[str, ...] = ("参加委員(敬称略)", "斉藤、今"),
) -> str:
    """Small minutes in the seed's layout; the agenda lines follow ``議題``."""
    head = [title, "", date_line, ""] if date_line else [title, ""]
    return make(*head, *attendees, "", "議題", "", *agenda)


def parse_agenda(*agenda: str) -> ParsedMinutes:
    return parse_minutes(minutes_text(*agenda))


def titles(items: list[ParsedItem]) -> list[str]:
    return [item.title for item in items]


def all_notes(items: list[ParsedItem]) -> list[str]:
    return [note for item in items for note in item.notes + all_notes(item.children)]


# The seed -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ParsedMinutes:
    with translation.override("en"):
        return parse_minutes(committee_seed_text())


SEED_HEADINGS = [
    "燕三条 工場の祭典 視察について",
    "高度人材について",
    "あやせ工場オープンファクトリーについて",
    "委員会セミナーについて",
    "その他",
    "あやせ工場スマートナビについて",
    "地方採用者への支援について",
    "Manufacturing Japan Summitへの委員参加について",
]


def test_seed_date_and_start_time(seed):
    assert seed.date == dt.date(2022, 9, 5)
    assert seed.start_time == dt.time(19, 0)


def test_seed_title_is_kept_once_without_its_date(seed):
    assert seed.title == "綾瀬イノベーション推進委員会 定例会 議事録"
    assert seed.kind == "定例会"


def test_seed_attendees_in_order_with_both_kawasaki(seed):
    assert seed.attendees == [
        "斉藤", "今", "中島", "水木", "土橋", "高崎", "松村", "丸山", "川崎", "谷藤", "川崎",
    ]  # fmt: skip


def test_seed_has_eight_flat_headings_in_order(seed):
    assert titles(seed.agenda) == SEED_HEADINGS
    assert all(item.children == [] for item in seed.agenda)


def test_seed_has_37_notes(seed):
    # 燕三条 4 (lines 21-24), 高度人材 7 (28-34), オープンファクトリー 6 (38-43),
    # セミナー 3 (55-57), その他 0, スマートナビ 6 (63-68), 地方採用 8 (71-78), MJS 3 (81-83).
    assert [len(item.notes) for item in seed.agenda] == [4, 7, 6, 3, 0, 6, 8, 3]
    assert len(all_notes(seed.agenda)) == 37


def test_seed_notes_are_clean_text(seed):
    first = seed.agenda[0]
    assert first.notes[0] == "工場の祭典(10/7〜9)、イノベ委員視察参加について"
    assert (
        "敷金礼金、3ヶ月間、家賃を補助した企業も※そのうちに生活基盤を整える" in seed.agenda[6].notes
    )


def test_seed_last_note_is_the_one_right_before_the_profile(seed):
    assert seed.agenda[-1].notes[-1] == "行政×企業の観点で議論予定"


def test_seed_open_factory_links(seed):
    open_factory = seed.agenda[2]
    assert open_factory.links == [
        ParsedLink("HP", "https://www.ayase-kougyoudanchi.jp/open-factory/", "hp"),
        ParsedLink("twitter @ayasefactory", "https://twitter.com/ayasefactory", "sns"),
        ParsedLink(
            "Instagram @ayaseopenfactory", "https://www.instagram.com/ayaseopenfactory/", "sns"
        ),
        ParsedLink(
            "Facebook @ayaseopenfactory", "https://www.facebook.com/ayaseopenfactory/", "sns"
        ),
    ]
    others = [item for item in seed.agenda if item is not open_factory]
    assert all(item.links == [] for item in others)


def test_seed_profile_is_not_imported_and_is_warned_about(seed):
    texts = titles(seed.agenda) + all_notes(seed.agenda)
    assert not any("結成" in t or "市内製造業の技術力のPR" in t for t in texts)
    assert seed.warnings == [PROFILE_WARNING]
    assert seed.unparsed == []


def test_seed_read_as_bytes_like_an_upload():
    parsed = parse_minutes(decode_minutes(COMMITTEE_SEED.read_bytes()))
    assert titles(parsed.agenda) == SEED_HEADINGS


def test_seed_as_json(seed):
    data = seed.as_json()
    assert data["date"] == "2022-09-05"
    assert data["start_time"] == "19:00"
    assert data["agenda"][2]["links"][0] == {
        "label": "HP",
        "url": "https://www.ayase-kougyoudanchi.jp/open-factory/",
    }
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


# Date and time ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("2022 9/5 19:00", dt.date(2022, 9, 5)),
        ("2022/9/5 19:00", dt.date(2022, 9, 5)),
        ("2022年9月5日 19:00", dt.date(2022, 9, 5)),
        ("2022年9月5日(月) 19:00", dt.date(2022, 9, 5)),
        ("令和4年9月5日 19:00", dt.date(2022, 9, 5)),
        ("R4.9.5 19:00", dt.date(2022, 9, 5)),
        ("令和元年5月1日 19:00", dt.date(2019, 5, 1)),
        ("平成30年4月2日 19:00", dt.date(2018, 4, 2)),
        ("H30.4.2 19:00", dt.date(2018, 4, 2)),
        ("昭和64年1月7日 19:00", dt.date(1989, 1, 7)),
        ("２０２２／９／５　１９：００", dt.date(2022, 9, 5)),
        ("日時:2022年10月3日 19:00～", dt.date(2022, 10, 3)),
    ],
)
def test_date_forms(date_line, expected):
    parsed = parse_minutes(minutes_text("○A", "・a", title="定例会 議事録", date_line=date_line))
    assert parsed.date == expected
    assert parsed.start_time == dt.time(19, 0)
    assert parsed.unparsed == []


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("2022/9/5 19:00", dt.time(19, 0)),
        ("2022/9/5 19時", dt.time(19, 0)),
        ("2022/9/5 19時30分", dt.time(19, 30)),
        ("2022/9/5 18時半", dt.time(18, 30)),
        ("2022/9/5 午後7時", dt.time(19, 0)),
        ("２０２２／９／５ １９：３０", dt.time(19, 30)),
        ("2022/9/5 19:00〜21:00", dt.time(19, 0)),
        ("2022/9/5", None),
    ],
)
def test_time_forms(date_line, expected):
    parsed = parse_minutes(minutes_text("○A", "・a", date_line=date_line))
    assert parsed.start_time == expected
    assert parsed.date == dt.date(2022, 9, 5)


def test_date_line_with_a_bullet_and_label():
    parsed = parse_minutes(minutes_text("○A", "・a", date_line="○日時：2022年9月5日（月）19時"))
    assert (parsed.date, parsed.start_time) == (dt.date(2022, 9, 5), dt.time(19, 0))
    assert parsed.unparsed == []


def test_date_is_taken_from_the_title_without_a_date_line():
    parsed = parse_minutes(
        minutes_text("○A", "・a", title="令和4年9月12日 臨時会 議事録", date_line="")
    )
    assert parsed.date == dt.date(2022, 9, 12)
    assert parsed.start_time is None
    assert parsed.title == "臨時会 議事録"


def test_date_line_wins_over_the_title():
    parsed = parse_minutes(minutes_text("○A", "・a", title="2022/9/1 議事録", date_line="2022/9/5"))
    assert parsed.date == dt.date(2022, 9, 5)


def test_no_date_at_all_is_an_error():
    with pytest.raises(MinutesParseError, match="no date found"):
        parse_minutes(minutes_text("○A", "・a", title="定例会 議事録", date_line=""))


def test_impossible_date_line_is_kept_and_warned():
    parsed = parse_minutes(minutes_text("○A", "・a", date_line="2022/2/30 19:00"))
    assert parsed.date == dt.date(2022, 9, 5)  # from the title
    assert parsed.unparsed == ["2022/2/30 19:00"]
    assert parsed.warnings == [
        "line 3: 2022/2/30 is not a valid date, kept as unparsed: 2022/2/30 19:00"
    ]


# Title and kind -----------------------------------------------------------------------------


def test_title_written_several_times_is_kept_once():
    parsed = parse_minutes(make(TITLE, "", TITLE, TITLE, "2022 9/5 19:00", "議題", "○A", "・a"))
    assert parsed.title == "綾瀬イノベーション推進委員会 定例会 議事録"
    assert parsed.unparsed == []


def test_title_without_date_is_kept_as_written():
    parsed = parse_minutes(minutes_text("○A", title="綾瀬イノベーション推進委員会 議事録"))
    assert parsed.title == "綾瀬イノベーション推進委員会 議事録"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        (TITLE, "定例会"),
        ("2022/9/12 綾瀬イノベーション推進委員会 臨時会 議事録", "臨時会"),
        ("2022/9/12 綾瀬イノベーション推進委員会 議事録", "定例会"),
    ],
)
def test_kind_of_meeting_from_the_title(title, kind):
    parsed = parse_minutes(minutes_text("○A", title=title))
    assert parsed.kind == kind
    assert "kind" not in parsed.as_json()


# Attendees ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attendees",
    [
        ("参加委員(敬称略)", "斉藤、今、中島"),
        ("参加委員（敬称略）", "斉藤、今、中島"),
        ("参加委員(敬称略)", "", "斉藤、今、中島"),
        ("参加者:斉藤、今、中島",),
        ("参加者：斉藤、今、中島",),
        ("参加者:", "斉藤、今、中島"),
        ("出席者 斉藤、今、中島",),
    ],
)
def test_attendee_labels(attendees):
    parsed = parse_minutes(minutes_text("○A", attendees=attendees))
    assert parsed.attendees == ["斉藤", "今", "中島"]
    assert parsed.unparsed == []


@pytest.mark.parametrize(
    "names",
    ["斉藤、今、中島", "斉藤,今,中島", "斉藤，今，中島", "斉藤・今・中島", "斉藤 今 中島",
     "斉藤　今　中島", "斉藤､ 今､ 中島"],
)  # fmt: skip
def test_attendee_name_separators(names):
    parsed = parse_minutes(minutes_text("○A", attendees=("参加者:", names)))
    assert parsed.attendees == ["斉藤", "今", "中島"]


def test_attendee_names_go_on_after_a_trailing_separator():
    parsed = parse_minutes(minutes_text("○A", attendees=("参加委員(敬称略)", "斉藤、今、", "中島")))
    assert parsed.attendees == ["斉藤", "今", "中島"]
    assert parsed.unparsed == []


def test_attendee_honorifics_are_stripped():
    parsed = parse_minutes(minutes_text("○A", attendees=("参加者:斉藤様、今さん、中島氏",)))
    assert parsed.attendees == ["斉藤", "今", "中島"]


def test_the_same_name_twice_is_two_people():
    parsed = parse_minutes(minutes_text("○A", attendees=("参加者:川崎、今、川崎様",)))
    assert parsed.attendees == ["川崎", "今", "川崎"]


def test_attendee_label_without_names_is_warned():
    parsed = parse_minutes(minutes_text("○A", attendees=("参加委員(敬称略)",)))
    assert parsed.attendees == []
    assert parsed.warnings == ["line 5: no names after 参加委員(敬称略)"]


# Headings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("○燕三条 視察について", "○高度人材について"),
        ("○燕三条 視察について○", "○高度人材について○"),
        ("◯燕三条 視察について", "◯高度人材について"),
        ("①燕三条 視察について", "②高度人材について"),
        ("1.燕三条 視察について", "2.高度人材について"),
        ("1．燕三条 視察について", "2．高度人材について"),
        ("1)燕三条 視察について", "2)高度人材について"),
        ("１）燕三条 視察について", "２）高度人材について"),
        ("■燕三条 視察について", "■高度人材について"),
        ("◆燕三条 視察について", "◆高度人材について"),
        ("燕三条 視察について", "高度人材について"),  # bare lines followed by notes
    ],
)
def test_heading_styles(first, second):
    parsed = parse_agenda(first, "・視察参加", "", second, "・転職組多い")
    assert titles(parsed.agenda) == ["燕三条 視察について", "高度人材について"]
    assert [item.notes for item in parsed.agenda] == [["視察参加"], ["転職組多い"]]
    assert parsed.unparsed == []


def test_heading_text_is_normalised():
    parsed = parse_agenda("○燕三条　工場の祭典　視察について ", "・a")
    assert titles(parsed.agenda) == ["燕三条 工場の祭典 視察について"]


def test_heading_without_notes_does_not_swallow_the_next_heading():
    parsed = parse_agenda("○その他", "", "○スマートナビについて", "・ブログ開始")
    assert titles(parsed.agenda) == ["その他", "スマートナビについて"]
    assert parsed.agenda[0].notes == []
    assert parsed.agenda[0].children == []


def test_a_second_heading_style_nests_under_the_first():
    parsed = parse_agenda(
        "■報告事項", "①視察", "・a", "②人材", "・b", "■協議事項", "①セミナー", "・c"
    )
    assert titles(parsed.agenda) == ["報告事項", "協議事項"]
    assert titles(parsed.agenda[0].children) == ["視察", "人材"]
    assert parsed.agenda[0].children[1].notes == ["b"]
    assert titles(parsed.agenda[1].children) == ["セミナー"]


def test_bracketed_label_is_not_a_heading():
    parsed = parse_agenda("○A", "・a", "【HP】", "https://example.jp/")
    assert titles(parsed.agenda) == ["A"]


def test_a_paragraph_under_a_heading_is_one_of_its_notes():
    parsed = parse_agenda("○A", "・a", "", "ここは段落として書かれた行", "", "○B")
    assert titles(parsed.agenda) == ["A", "B"]
    assert parsed.agenda[0].notes == ["a", "ここは段落として書かれた行"]
    assert parsed.unparsed == [] and parsed.warnings == []


def test_a_label_with_notes_under_it_is_a_heading_and_one_with_text_a_note():
    parsed = parse_agenda("○A", "【決定事項】", "・来月開催", "【宿題】次回までに確認")
    assert titles(parsed.agenda[0].children) == ["決定事項"]
    assert parsed.agenda[0].children[0].notes == ["来月開催", "【宿題】次回までに確認"]
    assert parsed.agenda[0].links == []


# Whitespace, line breaks, encodings ------------------------------------------------------------


def test_no_break_spaces_blank_lines_and_trailing_spaces():
    parsed = parse_agenda("\u00a0", "○A\u00a0 ", "\u00a0", "", "・a   ", "\t", "・b\u3000")
    assert titles(parsed.agenda) == ["A"]
    assert parsed.agenda[0].notes == ["a", "b"]
    assert parsed.unparsed == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_breaks(newline):
    text = minutes_text("○A", "・a", "○B", "・b")
    parsed = parse_minutes(text.replace("\n", newline))
    assert parsed.as_json() == parse_minutes(text).as_json()
    assert parsed.agenda[1].notes == ["b"]


def test_mixed_line_breaks():
    parsed = parse_minutes(TITLE + "\r\n2022 9/5 19:00\n議題\r○A\r\n・a\n")
    assert parsed.start_time == dt.time(19, 0)
    assert parsed.agenda[0].notes == ["a"]


def test_utf8_with_bom():
    text = minutes_text("○A", "・a")
    decoded = decode_minutes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert decoded == text
    assert parse_minutes("\ufeff" + text).title == "綾瀬イノベーション推進委員会 定例会 議事録"


def test_utf8_without_bom():
    assert decode_minutes("○燕三条".encode()) == "○燕三条"


def test_shift_jis_bytes():
    text = minutes_text("○燕三条 工場の祭典 視察について", "・工場見学より意見交換会重視")
    decoded = decode_minutes(text.encode("cp932"))
    assert decoded == text
    parsed = parse_minutes(decoded)
    assert parsed.attendees == ["斉藤", "今"]
    assert parsed.agenda[0].notes == ["工場見学より意見交換会重視"]


def test_utf16_with_bom_from_notepad():
    text = minutes_text("○A", "・a")
    assert decode_minutes(text.encode("utf-16")) == text


def test_undecodable_bytes_are_an_error():
    with pytest.raises(MinutesParseError, match="neither UTF-8 nor Shift_JIS"):
        decode_minutes(b"\x82\xff")


def test_binary_data_is_an_error():
    with pytest.raises(MinutesParseError, match="not a text file"):
        decode_minutes(b"PK\x03\x04\x00\x00")


# What is left over -------------------------------------------------------------------------


def test_stray_text_before_the_agenda_is_unparsed_with_its_line():
    text = make(TITLE, "2022 9/5 19:00", "場所:綾瀬市役所", "参加者:斉藤", "議題", "○A", "・a")
    parsed = parse_minutes(text)
    assert parsed.unparsed == ["場所:綾瀬市役所"]
    assert parsed.warnings == [
        "line 3: not the title, the date or the attendees, kept as unparsed: 場所:綾瀬市役所"
    ]
    assert parsed.attendees == ["斉藤"]


def test_without_agenda_line_the_first_heading_starts_the_agenda():
    parsed = parse_minutes(make(TITLE, "2022 9/5 19:00", "参加者:斉藤", "", "○A", "・a"))
    assert titles(parsed.agenda) == ["A"]
    assert parsed.warnings == ["no 議題 line: the agenda is taken to start at line 5"]


# The profile after the minutes ----------------------------------------------------------------

PROFILE = (
    "綾瀬イノベーション推進委員会",
    "",
    "綾瀬イノベーション推進委員会",
    "",
    "綾瀬イノベーション推進委員会は市内の経営者等で組織された任意団体です。",
    "",
    "○結成:平成27年10月",
    "○目的:",
    "・市内製造業の技術力のPR",
    "○活動:",
    "①合同入社式",
)


def test_profile_after_the_last_note_is_not_imported():
    text = minutes_text("○A", "・a", "・行政×企業の観点で議論予定", *PROFILE)
    parsed = parse_minutes(text)
    assert titles(parsed.agenda) == ["A"]
    assert parsed.agenda[0].notes == ["a", "行政×企業の観点で議論予定"]
    assert parsed.unparsed == []
    assert parsed.warnings == [
        "minutes end at line 13: the rest is the committee's profile (○結成…), not imported"
    ]


def test_profile_with_its_name_written_once_ends_at_founding_line():
    text = minutes_text("○A", "・a", "", "○結成:平成27年10月", "○目的:", "・技術力のPR")
    parsed = parse_minutes(text)
    assert titles(parsed.agenda) == ["A"]
    assert parsed.warnings == [
        "minutes end at line 13: the rest is the committee's profile (○結成…), not imported"
    ]


def test_topic_starting_with_kessei_is_not_the_profile():
    parsed = parse_agenda("○結成10周年記念事業について", "・式典を検討", "○B", "・b")
    assert titles(parsed.agenda) == ["結成10周年記念事業について", "B"]
    assert parsed.warnings == []


def test_profile_after_a_kessei_topic_is_still_found():
    text = minutes_text("○結成10周年記念事業について", "・式典を検討", *PROFILE)
    parsed = parse_minutes(text)
    assert titles(parsed.agenda) == ["結成10周年記念事業について"]
    assert parsed.unparsed == []
    assert parsed.warnings == [
        "minutes end at line 12: the rest is the committee's profile (○結成…), not imported"
    ]


def test_minutes_without_profile_have_no_warning():
    parsed = parse_agenda("○A", "・a")
    assert parsed.warnings == []


# JSON preview -------------------------------------------------------------------------------


def test_as_json_shape_and_keys():
    parsed = parse_agenda("迷子の行", "■報告", "①視察", "・a", "【HP】", "https://example.jp/")
    data = parsed.as_json()
    assert list(data) == [
        "title", "date", "start_time", "end_time", "attendees", "agenda", "unparsed",
        "warnings",
    ]  # fmt: skip
    assert data["date"] == "2022-09-05"
    assert data["start_time"] == "19:00"
    assert data["attendees"] == ["斉藤", "今"]
    assert data["agenda"] == [
        {
            "title": "報告",
            "notes": [],
            "links": [],
            "children": [
                {
                    "title": "視察",
                    "notes": ["a"],
                    "links": [{"label": "HP", "url": "https://example.jp/"}],
                    "children": [],
                }
            ],
        }
    ]
    assert data["unparsed"] == ["迷子の行"]
    assert len(data["warnings"]) == 1


def test_as_json_without_date_or_time():
    data = ParsedMinutes(title="議事録").as_json()
    assert data["date"] is None
    assert data["start_time"] is None
