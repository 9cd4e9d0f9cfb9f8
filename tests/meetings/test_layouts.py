"""Every layout the committee has used imports with its structure (issue 12).

``layouts/`` holds synthetic minutes, one per layout (written for these tests, not copies of
real minutes), each beside the structure it must give. Warnings are read in Japanese, as the
secretariat reads them in the admin.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings import minutes_fixes, minutes_parser
from meetings.minutes_parser import MinutesParseError, parse_minutes

LAYOUTS = Path(__file__).parent / "layouts"


@pytest.fixture(autouse=True)
def _japanese():
    with translation.override("ja"):
        yield


def lines(*text: str) -> str:
    return "\n".join(text)


def titles(items) -> list[str]:
    return [item.title for item in items]


@pytest.mark.parametrize("path", sorted(LAYOUTS.glob("*.txt")), ids=lambda p: p.stem)
def test_each_layout_gives_its_structure(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert parse_minutes(path.read_text(encoding="utf-8")).as_json() == expected


def test_the_corpus_holds_every_heading_style():
    text = "\n".join(p.read_text(encoding="utf-8") for p in LAYOUTS.glob("*.txt"))
    for marker in ["①", "○", "◯", "□", "■", "(1)", "１．", "2.", "【視察報告】", "→"]:
        assert marker in text
    assert len(list(LAYOUTS.glob("*.txt"))) >= 8


# The examples of the issue -------------------------------------------------------------------


def test_square_headings_hold_their_notes():
    parsed = parse_minutes(lines("2024/6/3 議事録", "□予算と会費", "・会費の徴収を再開する。"))
    assert titles(parsed.agenda) == ["予算と会費"]
    assert parsed.agenda[0].notes == ["会費の徴収を再開する。"]
    assert parsed.unparsed == []


def test_parenthesised_sections_hold_their_circle_items():
    parsed = parse_minutes(
        lines(
            "2023/12/4 議事録",
            "(1)講演会について",
            "・要点を説明。",
            "(2)その他",
            "○報告会について",
            "・方針を確認した。",
        )
    )
    assert titles(parsed.agenda) == ["講演会について", "その他"]
    assert parsed.agenda[0].notes == ["要点を説明。"]
    assert titles(parsed.agenda[1].children) == ["報告会について"]
    assert parsed.agenda[1].children[0].notes == ["方針を確認した。"]
    assert parsed.unparsed == []
    assert not any("題名・日付・参加者" in warning for warning in parsed.warnings)


def test_a_wrapped_line_continues_its_note_and_is_no_heading():
    parsed = parse_minutes(
        lines(
            "2023/1/16 議事録",
            "議題",
            "①交流について",
            "・見学を組み合わせれば",
            "得るものは大きい。",
            "・若手の交流の場にしたい。",
        )
    )
    assert parsed.agenda[0].notes == [
        "見学を組み合わせれば得るものは大きい。",
        "若手の交流の場にしたい。",
    ]
    assert parsed.agenda[0].children == []


def test_a_paragraph_and_a_conclusion_are_notes_and_the_conclusion_says_so():
    parsed = parse_minutes(
        lines(
            "2023/10/2 議事録",
            "議題",
            "①交流について",
            "他地域の委員会から交流の打診があった。",
            "→11月中旬に実施する方向で調整する。",
        )
    )
    assert parsed.agenda[0].notes == [
        "他地域の委員会から交流の打診があった。",
        "→11月中旬に実施する方向で調整する。",
    ]
    assert parsed.agenda[0].notes[1].startswith(minutes_parser.CONCLUSION_MARK)
    assert parsed.unparsed == []


def test_lines_that_head_notes_inside_an_item_are_sub_headings_and_a_sentence_never_is():
    parsed = parse_minutes(
        lines(
            "2023/9/4 議事録",
            "議題",
            "①道の駅について",
            "道の駅整備推進室より",
            "・来年度に基本設計。",
            "委員からの意見",
            "・駐車場が足りない。",
            "計画は順調である。",
            "・展示の場を設けたい。",
        )
    )
    item = parsed.agenda[0]
    assert titles(item.children) == ["道の駅整備推進室より", "委員からの意見"]
    assert item.children[1].notes == [
        "駐車場が足りない。",
        "計画は順調である。",
        "展示の場を設けたい。",
    ]


def test_a_numbered_point_under_a_heading_stays_a_note():
    parsed = parse_minutes(lines("2023/9/4 議事録", "議題", "○A", "(1)寮の件", "(2)家賃の件"))
    assert parsed.agenda[0].notes == ["寮の件", "家賃の件"]


# Dates, times and names, with staff in control ------------------------------------------------


def test_a_bare_line_of_names_is_the_attendees_not_the_title():
    parsed = parse_minutes(lines("2023/3/6 19:00", "斉藤、中島、今", "定例会 議事録", "○A", "・a"))
    assert parsed.attendees == ["斉藤", "中島", "今"]
    assert parsed.title == "定例会 議事録"


def test_a_title_of_a_few_words_is_not_taken_for_names():
    parsed = parse_minutes(lines("臨時 総会 議事録", "2023/3/6", "○A", "・a"))
    assert parsed.title == "臨時 総会 議事録" and parsed.attendees == []


def test_a_title_date_that_disagrees_with_the_date_line_is_named():
    parsed = parse_minutes(lines("2023/3/6 定例会 議事録", "2023/3/7 19:00", "○A", "・a"))
    assert parsed.date == dt.date(2023, 3, 7)
    assert (
        "1行目: 題名の日付 2023-03-06 と日付の行の 2023-03-07 が違います。日付の行の日付を使いました"
        in parsed.warnings
    )


def test_an_impossible_date_is_called_invalid_with_its_line():
    with pytest.raises(MinutesParseError) as caught:
        parse_minutes(lines("定例会 議事録", "2022/2/30 19:00", "○A", "・a"))
    assert caught.value.code == "invalid_date"
    assert str(caught.value) == (
        "2行目: 2022/2/30 は存在しない日付です。日付を直すか、会議の日付を指定してください。"
    )


def test_kanji_numerals_in_a_japanese_era_date_and_a_label_on_its_own_line():
    parsed = parse_minutes(
        lines("臨時会 議事録", "開催日時", "令和元年十月二日 十九時～二十一時", "○A", "・a")
    )
    assert parsed.date == dt.date(2019, 10, 2)
    assert (parsed.start_time, parsed.end_time) == (dt.time(19), dt.time(21))
    assert parsed.unparsed == []


def test_the_end_time_is_kept_and_an_end_before_the_start_is_named():
    parsed = parse_minutes(lines("定例会 議事録", "2023/3/6 19:00～21:00", "○A", "・a"))
    assert (parsed.start_time, parsed.end_time) == (dt.time(19), dt.time(21))
    backwards = parse_minutes(lines("定例会 議事録", "2023/3/6 21:00～19:00", "○A", "・a"))
    assert backwards.end_time is None
    assert "2行目: 終了時刻が開始時刻より後ではないため、終了時刻は取り込みませんでした" in (
        backwards.warnings
    )


@pytest.mark.parametrize("text", ["", "   \n\n\t\n　"])
def test_an_empty_file_says_so(text):
    with pytest.raises(MinutesParseError, match="ファイルが空です。"):
        parse_minutes(text)


def test_minutes_without_a_date_take_the_date_staff_give():
    text = lines("定例会 議事録", "議題", "○A", "・a")
    with pytest.raises(MinutesParseError) as caught:
        parse_minutes(text)
    assert caught.value.code == "no_date"
    parsed = parse_minutes(text, date=dt.date(2021, 5, 10))
    assert parsed.date == dt.date(2021, 5, 10) and titles(parsed.agenda) == ["A"]


def test_a_date_given_over_the_written_one_is_named():
    parsed = parse_minutes(lines("2023/3/6 議事録", "○A", "・a"), date=dt.date(2023, 3, 13))
    assert parsed.date == dt.date(2023, 3, 13)
    assert (
        "議事録には 2023-03-06 とありますが、指定された 2023-03-13 を使いました" in parsed.warnings
    )


def test_warnings_are_in_english_when_the_admin_is(settings):
    with translation.override("en"):
        parsed = parse_minutes(lines("2023/3/6 議事録", "・宙に浮いたメモ", "○A"))
    assert "line 2: a note before the first heading, kept as unparsed: ・宙に浮いたメモ" in (
        parsed.warnings
    )


# Any text ------------------------------------------------------------------------------------

MARKERS = ["", "・", "○", "①", "□", "■", "(1)", "（２）", "1.", "３．", "→", "※", "【", "　", " "]


@st.composite
def minutes_texts(draw):
    """Random lines of markers, unique words, blank runs, NUL bytes and very long lines."""
    count = draw(st.integers(min_value=0, max_value=40))
    body = []
    for number in range(count):
        kind = draw(st.sampled_from(["word", "word", "word", "blank", "link", "long", "nul"]))
        marker = draw(st.sampled_from(MARKERS))
        word = f"語{number:03d}"
        if kind == "blank":
            body.append("\n" * draw(st.integers(0, 5)))
        elif kind == "link":
            body.append(f"https://example.jp/{word}")
        elif kind == "long":
            body.append(marker + word + "あ" * draw(st.integers(300, 3000)))
        elif kind == "nul":
            body.append(marker + word + "\x00")
        else:
            end = draw(st.sampled_from(["", "。", "】", "について"]))
            body.append(marker + word + end)
    head = draw(st.sampled_from([["2023/3/6 議事録"], ["議事録", "2023/3/6 19:00"], []]))
    return "\n".join(head + body), count


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(minutes_texts())
def test_any_text_parses_and_keeps_every_line_somewhere(case):
    text, count = case
    try:
        parsed = parse_minutes(text, date=dt.date(2023, 3, 6))
    except MinutesParseError as error:
        assert error.code == "empty"
        return

    def texts(items):
        for item in items:
            yield item.title
            yield from item.notes
            yield from (f"{link.label} {link.url}" for link in item.links)
            yield from texts(item.children)

    kept = "\n".join([parsed.title, *parsed.attendees, *texts(parsed.agenda), *parsed.unparsed])
    for number in range(count):
        word = f"語{number:03d}"
        if word in text:
            assert word in kept, f"{word} was lost"


class _CountingLines(list):
    """The lines of a file, counting every line that is read or copied out of them."""

    touched = 0

    def __getitem__(self, key):
        found = super().__getitem__(key)
        if isinstance(key, slice):
            _CountingLines.touched += len(found)
            return _CountingLines(found)
        _CountingLines.touched += 1
        return found

    def __iter__(self):
        for line in super().__iter__():
            _CountingLines.touched += 1
            yield line


def test_parsing_is_one_pass_however_many_lines(monkeypatch):
    """Linear time, counted rather than timed: each line is read, copied and classified a
    bounded number of times, whatever the shape of the file (a run of 50,000 blank lines
    was quadratic once)."""
    calls = 0
    classify, split = (
        minutes_parser._classify,
        minutes_parser._split_lines,
    )  # as the parser sees them

    def counting(line):
        nonlocal calls
        calls += 1
        return classify(line)

    monkeypatch.setattr(minutes_parser, "_classify", counting)
    monkeypatch.setattr(minutes_parser, "_split_lines", lambda text: _CountingLines(split(text)))
    shapes = {
        "notes": lambda n: ["・a", "", "続き", "○B"] * (n // 4),
        "blank": lambda n: [""] * n + ["・a"],
        "wrapped": lambda n: ["・a"] + ["続きの行"] * n,
    }
    for name, shape in shapes.items():
        for size in (2_000, 40_000):
            calls, _CountingLines.touched = 0, 0
            parse_minutes(lines("2023/3/6 議事録", "議題", "○A", *shape(size)))
            assert calls <= 6 * size, (name, size, calls)
            assert _CountingLines.touched <= 12 * size, (name, size, _CountingLines.touched)


def test_a_file_that_takes_too_long_is_stopped_with_a_message():
    text = lines("2023/3/6 議事録", "○A", *(["・a"] * 5_000))
    with pytest.raises(MinutesParseError) as caught:
        parse_minutes(text, time_limit=1e-9)
    assert caught.value.code == "too_slow"
    assert "会議ごとのファイルに分けて" in str(caught.value)


def test_lines_staff_place_become_a_heading_a_note_or_the_end_of_the_line_before():
    text = lines(
        "2023/9/4 議事録", "議題", "①A", "・見学を組み合わせれば", "", "得るもの", "宙に", "浮く"
    )
    fixed = minutes_fixes.lines_fixed(
        text, {6: minutes_fixes.CONTINUE, 7: minutes_fixes.HEADING, 8: minutes_fixes.NOTE}
    )
    parsed = parse_minutes(fixed)
    assert titles(parsed.agenda) == ["A", "宙に"]
    assert parsed.agenda[0].notes == ["見学を組み合わせれば得るもの"]
    assert parsed.agenda[1].notes == ["浮く"]
    assert parsed.unparsed == []
