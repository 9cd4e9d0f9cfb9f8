"""Hostile input: the strings and shapes an attacker (or a careless phone keyboard) sends.

Shared by the property-based tests of every form and path parameter. Values are ``str``; lone
surrogates cannot be UTF-8 encoded, so bodies and paths are built here as percent-encoded
bytes (``surrogatepass`` turns U+D800 into the invalid sequence %ED%A0%80, as a broken client
would send it), never through the test client's own encoding.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

NUL = ["\x00", "a\x00b", "\x00" * 3]
LONE_SURROGATES = ["\ud800", "\udfff", "a\udc80b", "\udbff\udbff"]
COMBINING = ["e\u0301", "\u0301", "が\u3099", "Z\u0351\u0357\u035b\u0300\u0301\u0316\u0317"]
BIDI = ["\u200f", "\u202e", "abc\u202etxt.exe", "\u061c", "\u2066x\u2069", "\u200b", "\u00ad"]
EMOJI = ["🏭", "👨\u200d👩\u200d👧\u200d👦", "🇯🇵", "1\ufe0f\u20e3", "\U0001f600" * 50]
WIDTHS = [
    "ＡＢＣ１２３",
    "ｱｲｳｴｵ",
    "ｶﾞｯｺｳ",
    "０９０ー１２３４ー５６７８",
    "ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ",
    "　",
]
SQL = [
    "' OR '1'='1",
    "'; DROP TABLE accounts_user; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "1) OR (1=1",
    "1; SELECT pg_sleep(5)",
]
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% debug %}",
    "[x](javascript:alert(1))",
    "<svg/onload=alert(1)>",
    "&lt;&#0;&#x110000;",
]
CONTROL = ["\r\n", "\n\n\n", "\t", "\x1b[31m", "\x7f", "\ufeff", "\u2028", "\x0b\x0c", "\r"]
# What a number field gets instead of a number.
NOT_NUMBERS = [
    "abc",
    "-1",
    "0",
    "1e9",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1.5",
    "NaN",
    "Infinity",
    "٣",
    "²",
    "１２",
    "0x10",
    " 7 ",
    "",
    "9" * 400,
]
DATES = ["2026-02-30", "0000-00-00", "9999-12-31T99:99", "令和8年", "2026/13/01", "24:00"]
# 100,000-character strings, made when drawn (a strategy's repr would otherwise hold them).
huge_text = st.sampled_from(["あ", "a", "\u0301", "👨\u200d👩\u200d👧"]).map(lambda c: c * 100_000)

PAYLOADS = [
    *NUL,
    *LONE_SURROGATES,
    *COMBINING,
    *BIDI,
    *EMOJI,
    *WIDTHS,
    *SQL,
    *MARKUP,
    *CONTROL,
    *NOT_NUMBERS,
    *DATES,
]

# The values that broke the portal before (issue 8, finding 9) and their kin, tried in every
# field and parameter whatever the examples draw: NUL (PostgreSQL refuses it in text), a lone
# surrogate, a digit that int() refuses, a number of 400 digits, 100,000 characters, a repeat.
WORST: list[str | list[str]] = ["\x00", "\ud800", "²", "9" * 400, "あ" * 100_000, ["1", "2"]]
WORST_IN_PATHS = ["\x00", "\ud800", "²", "9" * 400, "あ" * 3000]

# Every code point, surrogates and private use included (hypothesis leaves surrogates out by
# default).
any_character = st.characters(codec=None, categories=None)

hostile_text: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(PAYLOADS),
    huge_text,
    st.text(any_character, max_size=40),
    st.tuples(st.sampled_from(PAYLOADS), st.text(any_character, max_size=10)).map("".join),
    st.tuples(st.sampled_from(PAYLOADS), st.sampled_from(PAYLOADS)).map("".join),
)

# A field is sent once with a hostile value, or repeated (a list where one value is expected).
field_value: st.SearchStrategy[str | list[str]] = st.one_of(
    hostile_text,
    hostile_text,
    st.sampled_from(NOT_NUMBERS + DATES),  # wrong types, often: most fields expect one
    st.lists(hostile_text, min_size=2, max_size=3),
)


def encode(value: str) -> str:
    """Percent-encode as a broken client would: lone surrogates become invalid UTF-8."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def form_body(data: dict[str, str | list[str]]) -> bytes:
    """An application/x-www-form-urlencoded body, repeated fields for lists."""
    pairs = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append(f"{encode(name)}={encode(one)}")
    return "&".join(pairs).encode("ascii")


# Modest and repeatable for CI, without shrinking (a request per shrink step: a failure would
# take minutes to shrink; the failing example is printed as found). HYPOTHESIS_PROFILE=deep
# explores more and shrinks, on a developer's machine.
settings.register_profile(
    "ci",
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.register_profile(
    "deep",
    parent=settings.get_profile("ci"),
    max_examples=200,
    derandomize=False,
    phases=list(Phase),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
