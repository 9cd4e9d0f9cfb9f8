import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from japanese import dates
from japanese.text import normalize, normalize_multiline
from japanese.validators import (
    normalize_phone,
    normalize_postal_code,
    validate_phone,
    validate_postal_code,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("ｲﾝﾄﾞﾈｼｱ", "インドネシア"),
        ("\u3000 綾瀬\u00a0市 ", "綾瀬 市"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_folds_widths_and_spaces(raw, expected):
    assert normalize(raw) == expected


def test_normalize_multiline_keeps_lines_and_crlf_becomes_lf():
    assert normalize_multiline("１行目\r\n\u00a0２行目 \r\n") == "1行目\n2行目"


@pytest.mark.parametrize(
    "phone",
    [
        "0467-70-5611",
        "０４６７－７０－５６１１",
        "090 1234 5678",
        "+81-467-70-5611",
        "0120-123-456",
    ],
)
def test_valid_japanese_phone_numbers(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "0467-70-56111", "abc", "0312345678901", "0467705611x"])
def test_invalid_phone_numbers_get_a_clear_message(phone):
    with pytest.raises(ValidationError) as error:
        validate_phone(phone)
    assert "0467-70-5611" in str(error.value)


def test_phone_normalises_to_digits():
    assert normalize_phone("０４６７（７０）５６１１") == "0467705611"


def test_postal_code():
    assert normalize_postal_code("〒２５２１１９２") == "252-1192"
    validate_postal_code("252-1192")
    with pytest.raises(ValidationError):
        validate_postal_code("25211")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2022, 9, 5), "令和4年9月5日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(2015, 10, 1), "平成27年10月1日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_wareki(date, expected):
    assert dates.wareki(date) == expected


def test_era_to_western_accepts_names_and_initials():
    assert dates.era_to_western("平成", 27) == 2015
    assert dates.era_to_western("R", 4) == 2022
    with pytest.raises(ValueError):
        dates.era_to_western("X", 1)


def test_dates_show_with_the_weekday_in_each_language():
    template = Template("{% load japanese %}{{ day|jdate }}")
    with translation.override("ja"):
        assert template.render(Context({"day": dt.date(2022, 9, 5)})) == "2022年9月5日(月)"
    with translation.override("en"):
        assert template.render(Context({"day": dt.date(2022, 9, 5)})) == "Mon 5 Sep 2022"


@pytest.mark.django_db
def test_a_nul_in_any_form_field_is_named_as_such_not_as_an_empty_field(client):
    """Django's Japanese catalogue says 「何か文字を入力してください」 (type something) for a NUL
    byte; the portal's catalogue corrects it for every form, allauth's login included."""
    response = client.post(
        "/accounts/login/", {"login": "someone@example.jp", "password": "pass\x00word"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "使用できないNUL文字が含まれています" in page
    assert "何か文字を入力してください" not in page
