"""Search over the minutes: /meetings/search/?q=, the gram index, snippets, access, the plan."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse

from demo_data.seeds import committee_seed_text
from meetings import demo
from meetings.models import Meeting, SearchToken, Visibility
from meetings.search import (
    grams,
    highlight,
    meeting_candidates,
    meetings_matching,
    query_grams,
    search_index_rebuild,
    search_words,
)
from tests.conftest import ROLES
from tests.meetings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    LinkFactory,
    MeetingFactory,
    MemberFactory,
    NoteFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("meetings:search")
SEED_TITLE = "綾瀬イノベーション推進委員会 定例会 議事録"
MARK = re.compile(r"<mark>(.*?)</mark>")


def indexed_meeting(*, notes=(), item_title="議題", links=(), attendees=(), **fields):
    """A meeting with one agenda item holding ``notes`` and ``links``, indexed for search."""
    meeting = MeetingFactory(**fields)
    item = AgendaItemFactory(meeting=meeting, title=item_title)
    for order, text in enumerate(notes):
        NoteFactory(item=item, order=order, text=text)
    for order, label in enumerate(links):
        LinkFactory(item=item, order=order, label=label)
    for order, name in enumerate(attendees):
        AttendanceFactory(meeting=meeting, member=MemberFactory(name=name), order=order)
    search_index_rebuild(meeting=meeting)
    return meeting


def search(client, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def results_of(html: str) -> str:
    """The results list alone, so that the search box echoing the query does not count."""
    found = re.search(r'<ol class="list-unstyled search-results">(.*?)</ol>', html, re.S)
    return found.group(1) if found else ""


def snippets_of(html: str) -> list[str]:
    return re.findall(
        r"<li>(.*?)</li>",
        "".join(re.findall(r'<ul class="search-snippets[^"]*">(.*?)</ul>', html, re.S)),
        re.S,
    )


@pytest.fixture
def seed_meeting():
    demo.load(committee_seed_text())
    return Meeting.objects.get(date=dt.date(2022, 9, 5))


# --- Query words and grams ---------------------------------------------------------------------


def test_query_words_are_normalised_like_the_text():
    assert search_words("  ＳＮＳ　ｲﾝﾄﾞﾈｼｱ  ＳＮＳ ") == ["sns", "インドネシア"]
    assert search_words(" \u3000 ") == []


@pytest.mark.parametrize(
    ("query", "grams"),
    [
        ("寮", {"寮"}),
        ("人材", {"人材"}),
        ("技人国", {"技人", "人国"}),
        ("寮 ＳＮＳ", {"寮", "sn", "ns"}),
    ],
)
def test_query_grams(query, grams):
    assert query_grams(query) == grams


# --- Index -------------------------------------------------------------------------------------


def test_the_index_keeps_the_text_normalised_and_as_written(seed_meeting):
    assert seed_meeting.search_title == SEED_TITLE.lower()
    normalised = seed_meeting.search_text.split("\n")
    written = seed_meeting.search_source.split("\n")
    assert len(normalised) == len(written)
    assert "Instagram @ayaseopenfactory" in written
    assert "instagram @ayaseopenfactory" in normalised
    assert written[0] == SEED_TITLE
    tokens = set(SearchToken.objects.filter(meeting=seed_meeting).values_list("token", flat=True))
    assert {"寮", "人材", "技人", "人国", "sn"} <= tokens
    assert " " not in "".join(tokens)


def test_a_note_with_line_breaks_stays_one_line_in_both_texts():
    meeting = indexed_meeting(notes=["一行目\n二行目の寮", "三行目"])
    assert meeting.search_source.split("\n")[-2:] == ["一行目 二行目の寮", "三行目"]
    assert len(meeting.search_text.split("\n")) == len(meeting.search_source.split("\n"))


# --- The seed minutes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("寮", "寮"),
        ("人材", "人材"),
        ("技人国", "技人国"),
        ("インドネシア", "インドネシア"),
        ("ｲﾝﾄﾞﾈｼｱ", "インドネシア"),
        ("オープンファクトリー", "オープンファクトリー"),
        ("斉藤", "斉藤"),
        ("Instagram", "Instagram"),
        ("instagram", "Instagram"),
        ("ＳＮＳ", "SNS"),
    ],
)
def test_the_seed_minutes_are_found_with_the_hit_marked(client, seed_meeting, query, marked):
    html = search(client, query)
    results = results_of(html)
    assert f'href="{seed_meeting.get_absolute_url()}"' in results
    assert "2022年9月5日(月)" in results
    snippets = snippets_of(html)
    assert 1 <= len(snippets) <= 3
    # The minutes' own spelling is shown, not the normalised form that was matched.
    assert all(marked in MARK.findall(s) for s in snippets)


def test_the_snippet_shows_the_line_around_the_hit(client, seed_meeting):
    snippets = snippets_of(search(client, "寮"))
    assert "あやせ工場社員<mark>寮</mark>事業" in snippets
    assert any(s.startswith("実習生の<mark>寮</mark>について、アパートだと") for s in snippets)


def test_several_words_must_all_occur(client, seed_meeting):
    assert seed_meeting.title in results_of(search(client, "インドネシア 寮"))
    html = search(client, "インドネシア 半導体")
    assert results_of(html) == ""
    assert "0件" in html


def test_grams_that_all_occur_are_not_enough(client, seed_meeting):
    """技人 and 人材 are both in the seed, 技人材 is not: the whole word is checked."""
    assert query_grams("技人材") <= set(
        SearchToken.objects.filter(meeting=seed_meeting).values_list("token", flat=True)
    )
    assert results_of(search(client, "技人材")) == ""


def test_a_query_that_occurs_nowhere(client, seed_meeting):
    html = search(client, "半導体")
    assert results_of(html) == ""
    assert "「半導体」を含む議事録は0件です。" in html
    assert "委員の方はログインすると" in html


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SEARCH, SEARCH + "?q=", SEARCH + "?q=+%E3%80%80+"])
def test_an_empty_query_shows_the_form_only(client, seed_meeting, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="search"' in html
    assert '<label for="id_q"' in html
    assert "search-count" not in html
    assert "<mark>" not in html


def test_a_query_of_100_characters_is_searched(client, seed_meeting):
    html = search(client, "寮" + "あ" * 99)
    assert "search-count" in html
    assert "is-invalid" not in html


def test_a_too_long_query_gets_a_message_and_is_kept(client, seed_meeting):
    query = "寮" * 101
    html = search(client, query)
    assert "検索語は100文字以内で入力してください(入力は101文字)。" in html
    assert 'class="form-control is-invalid"' in html
    assert f'value="{query}"' in html
    assert "search-count" not in html


def test_a_null_character_gets_a_message(client, seed_meeting):
    html = search(client, "寮\x00")
    assert "is-invalid" in html
    assert "search-count" not in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5"])
def test_a_bad_page_number_shows_a_page(client, seed_meeting, page):
    assert seed_meeting.title in results_of(search(client, "寮", page=page))


def test_text_and_query_are_escaped(client):
    indexed_meeting(
        title="<i>臨時会</i>",
        notes=['<script>alert("寮")</script> 寮の件'],
        links=["<b>寮</b>"],
    )
    html = search(client, "寮 <i>")
    assert "<script>" not in html
    assert "<i>臨時会" not in html
    assert "<b>寮</b>" not in html
    assert "<mark>&lt;i&gt;</mark>臨時会&lt;/i&gt;</a>" in results_of(html)
    assert (
        "&lt;script&gt;alert(&quot;<mark>寮</mark>&quot;)&lt;/script&gt; <mark>寮</mark>の件"
        in html
    )
    assert "&lt;b&gt;<mark>寮</mark>&lt;/b&gt;" in html
    assert "「寮 &lt;i&gt;」を含む議事録は1件です。" in html


def test_percent_and_underscore_are_plain_characters(client):
    indexed_meeting(title="予算", notes=["達成率100%の事業"])
    indexed_meeting(title="別件", notes=["達成率1000の事業"])
    html = search(client, "100%の")
    assert "予算" in results_of(html)
    assert "別件" not in results_of(html)
    assert results_of(search(client, "率_0")) == ""


# --- Highlighting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("ｲﾝﾄﾞﾈｼｱは転職多い", ["インドネシア"], "<mark>ｲﾝﾄﾞﾈｼｱ</mark>は転職多い"),
        ("ＳＮＳの反響", ["sns"], "<mark>ＳＮＳ</mark>の反響"),
        ("SNS と sns", ["sns"], "<mark>SNS</mark> と <mark>sns</mark>"),
        ("㍻30年の寮", ["平成"], "<mark>㍻</mark>30年の寮"),
        ("人材と人材", ["人材", "材と"], "<mark>人材と人材</mark>"),
        ("a<寮>&", ["寮"], "a&lt;<mark>寮</mark>&gt;&amp;"),
        ("寮なし", ["人材"], "寮なし"),
    ],
)
def test_highlight(text, words, expected):
    assert highlight(text, words) == expected


def test_a_long_note_is_cut_around_the_hit(client):
    note = "あ" * 100 + "寮" + "い" * 100
    indexed_meeting(notes=[note])
    (snippet,) = snippets_of(search(client, "寮"))
    assert snippet == "…" + "あ" * 40 + "<mark>寮</mark>" + "い" * 40 + "…"


def test_a_half_width_note_is_marked_as_written(client):
    indexed_meeting(notes=["ｲﾝﾄﾞﾈｼｱからの実習生"])
    assert snippets_of(search(client, "インドネシア")) == ["<mark>ｲﾝﾄﾞﾈｼｱ</mark>からの実習生"]


def test_at_most_three_snippets_the_lines_with_most_words_first(client):
    indexed_meeting(
        notes=["寮その1", "寮その2", "寮その3", "寮と人材その4", "寮その5"],
        attendees=["人材 太郎"],
    )
    snippets = snippets_of(search(client, "寮 人材"))
    assert snippets == [
        "<mark>寮</mark>と<mark>人材</mark>その4",
        "<mark>人材</mark> 太郎",
        "<mark>寮</mark>その1",
    ]


def test_a_title_hit_is_marked_in_the_title_and_not_repeated(client):
    indexed_meeting(title="寮についての臨時会", notes=["ほかの話"])
    html = search(client, "寮")
    assert "<mark>寮</mark>についての臨時会</a>" in results_of(html)
    assert snippets_of(html) == []


def test_meetings_indexed_before_the_source_was_kept_show_the_normalised_text(client):
    meeting = indexed_meeting(notes=["ＳＮＳで発信"])
    Meeting.objects.filter(pk=meeting.pk).update(search_source="")
    assert snippets_of(search(client, "sns")) == ["<mark>sns</mark>で発信"]


# --- Ranking and pagination --------------------------------------------------------------------


def test_title_hits_first_then_newest_first(client):
    indexed_meeting(title="人材の臨時会", date=dt.date(2020, 1, 10), notes=["ほか"])
    indexed_meeting(title="定例会A", date=dt.date(2021, 1, 10), notes=["人材の話"])
    indexed_meeting(title="定例会B", date=dt.date(2023, 1, 10), notes=["人材の話"])
    indexed_meeting(title="定例会C", date=dt.date(2024, 1, 10), notes=["関係なし"])
    results = results_of(search(client, "人材"))
    order = [m.group(1) for m in re.finditer(r'<h2 class="h5 mb-2"><a [^>]*>(.*?)</a>', results)]
    assert order == ["<mark>人材</mark>の臨時会", "定例会B", "定例会A"]


def test_meetings_with_more_title_hits_rank_higher(client):
    indexed_meeting(title="寮の件", date=dt.date(2023, 1, 1), notes=["人材"])
    indexed_meeting(title="寮と人材の件", date=dt.date(2020, 1, 1))
    indexed_meeting(title="定例会", date=dt.date(2024, 1, 1), notes=["寮と人材"])
    titles = [m.title for m in meetings_matching(words=search_words("寮 人材"), user=None)]
    assert titles == ["寮と人材の件", "寮の件", "定例会"]


def test_results_are_paginated_and_the_query_survives(client):
    for n in range(25):
        indexed_meeting(
            title=f"第{n}回", date=dt.date(2000, 1, 1) + dt.timedelta(days=30 * n), notes=["寮の話"]
        )
    indexed_meeting(title="別件の回", notes=["ほか"], date=dt.date(1999, 1, 1))
    from meetings.search_views import RESULTS_PER_PAGE as SIZE

    pages = -(-25 // SIZE)
    first = search(client, "寮")
    assert "「寮」を含む議事録は25件です。" in first
    assert len(re.findall(r'class="search-result ', first)) == SIZE
    assert 'href="?q=%E5%AF%AE&amp;page=2"' in first
    assert "第24回" in results_of(first)
    last = search(client, "寮", page=str(pages))
    assert len(re.findall(r'class="search-result ', last)) == 25 - (pages - 1) * SIZE
    assert "第0回" in results_of(last)
    assert "第24回" not in results_of(last)
    assert f'href="?q=%E5%AF%AE&amp;page={pages - 1}"' in last


# --- Access ------------------------------------------------------------------------------------

SEES = {
    "anonymous": {"public"},
    "visitor": {"public"},
    "editor": {"public"},
    "owner": {"public"},
    "member": {"public", "members"},
    "staff": {"public", "members", "draft"},
    "superuser": {"public", "members", "draft"},
}


@pytest.mark.parametrize("role", ROLES)
def test_results_respect_who_may_see_a_meeting(client_for_role, role):
    texts = {
        Visibility.PUBLIC: ("公開の定例会", "公開メモ 寮の建設"),
        Visibility.MEMBERS: ("委員限定の定例会", "委員限定メモ 寮の家賃"),
        Visibility.DRAFT: ("下書きの定例会", "下書きメモ 寮の候補地"),
    }
    for n, (visibility, (title, note)) in enumerate(texts.items()):
        indexed_meeting(
            title=title, visibility=visibility, notes=[note], date=dt.date(2023, 1 + n, 1)
        )
    html = search(client_for_role(role), "寮")
    for visibility, (title, note) in texts.items():
        visible = visibility in SEES[role]
        assert (title in html) is visible, (visibility, role)
        assert (note.split(" ")[0] in html) is visible, (visibility, role)
        assert (note.split(" ")[1][1:] in html) is visible, (visibility, role)
    assert f"「寮」を含む議事録は{len(SEES[role])}件です。" in html
    assert ("委員限定</span>" in html) is ("members" in SEES[role])
    assert ("下書き</span>" in html) is ("draft" in SEES[role])


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_a_hidden_meeting_is_not_counted_nor_paged(client_for_role, role):
    for n in range(21):
        indexed_meeting(
            title=f"下書き{n}",
            visibility=Visibility.DRAFT,
            notes=["寮"],
            date=dt.date(2024, 1, 1) + dt.timedelta(days=n),
        )
    indexed_meeting(title="公開の回", notes=["寮"], date=dt.date(2000, 1, 1))
    html = search(client_for_role(role), "寮")
    assert "「寮」を含む議事録は1件です。" in html
    assert "公開の回" in html
    assert "下書き" not in results_of(html)
    assert "page=2" not in html


# --- Cost --------------------------------------------------------------------------------------


def many_meetings(count: int, start: int = 0):
    for n in range(start, start + count):
        meeting = MeetingFactory(
            title=f"第{n}回 定例会",
            date=dt.date(2000, 1, 1) + dt.timedelta(days=31 * n),
            visibility=[Visibility.PUBLIC, Visibility.MEMBERS, Visibility.DRAFT][n % 3],
        )
        for i in range(2):
            item = AgendaItemFactory(meeting=meeting, title=f"人材について{i}")
            NoteFactory(item=item, text=f"実習生の寮について{n}")
            NoteFactory(item=item, text="インドネシアは転職多い")
            LinkFactory(item=item, label="Instagram")
        AttendanceFactory(meeting=meeting)
        search_index_rebuild(meeting=meeting)


@pytest.mark.parametrize(
    ("role", "queries"),
    # Count and page; logged-in users add their session, themselves, and their groups with
    # their company memberships (the header's links; one query: accounts.roles.standing).
    [("anonymous", 2), ("member", 5), ("staff", 5)],
)
@pytest.mark.parametrize("query", ["寮", "人材", "インドネシア 寮"])
def test_a_search_costs_the_same_whatever_the_number_of_meetings(
    client_for_role, django_assert_num_queries, role, queries, query
):
    client = client_for_role(role)
    many_meetings(3)  # public, members-only, draft
    with django_assert_num_queries(queries):
        html = search(client, query)
    assert len(re.findall(r'class="search-result ', html)) == {"anonymous": 1, "member": 2}.get(
        role, 3
    )
    many_meetings(30, start=3)
    with django_assert_num_queries(queries):
        html = search(client, query)
    # 11 public of the 33 for a visitor, 22 or 33 for the others: a full page each.
    from meetings.search_views import RESULTS_PER_PAGE

    shown = min(11 if role == "anonymous" else 22, RESULTS_PER_PAGE)
    assert len(re.findall(r'class="search-result ', html)) == shown


def test_the_gram_lookup_uses_the_token_index():
    """With enough rows and fresh statistics, the planner reads the (token, meeting) index.

    PostgreSQL must not scan the whole token table; SQLite must search with the index.
    """
    meetings = Meeting.objects.bulk_create(
        MeetingFactory.build(
            title=f"第{n}回 定例会", date=dt.date(2000, 1, 1) + dt.timedelta(days=n)
        )
        for n in range(300)
    )
    words = ["寮", "人材", "技人国", "インドネシア", "オープンファクトリー", "半導体", "委員会"]
    tokens = []
    for n, meeting in enumerate(meetings):
        text = f"第{n}回 定例会 {words[n % len(words)]}の件 議事録{n * 7919 % 10007}"
        tokens += [SearchToken(meeting=meeting, token=t) for t in grams(text)]
    SearchToken.objects.bulk_create(tokens, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        sql, params = meeting_candidates(["技人国"]).query.sql_with_params()
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "meetings_search_token_unique" in plan, plan
            assert "Seq Scan on meetings_searchtoken" not in plan, plan
        else:
            assert connection.vendor == "sqlite"
            # SQLite makes the named UNIQUE constraint part of CREATE TABLE and backs it with
            # an automatic index: find the index on (token, meeting_id) by its columns.
            cursor.execute("PRAGMA index_list('meetings_searchtoken')")
            indexes = [row[1] for row in cursor.fetchall()]
            unique_index = next(
                name
                for name in indexes
                if [c[2] for c in cursor.execute(f"PRAGMA index_info('{name}')").fetchall()]
                == ["token", "meeting_id"]
            )
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert (
                f"SEARCH meetings_searchtoken USING COVERING INDEX {unique_index} (token=?)" in plan
            ), plan
            assert not re.search(r"\bSCAN meetings_searchtoken\b", plan), plan
    # The plan is for the query that finds the right meetings.
    found = set(meeting_candidates(["技人国"]).values_list("meeting", flat=True))
    assert found == {m.pk for n, m in enumerate(meetings) if n % len(words) == 2}
