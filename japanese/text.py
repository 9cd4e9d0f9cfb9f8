"""Normalisation of what people type, so that stored and searched text compare alike."""

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u3000]+")


def normalize(value: str | None) -> str:
    """NFKC (全角英数 → 半角, ｶﾅ → カナ), no-break and ideographic spaces folded, trimmed."""
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", value)
    return _SPACES.sub(" ", value).strip()


def normalize_multiline(value: str | None) -> str:
    """Like :func:`normalize` line by line, keeping the line breaks people typed."""
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", value.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in value.split("\n")]
    return "\n".join(lines).strip("\n")


def digits_only(value: str | None) -> str:
    return re.sub(r"\D", "", normalize(value))


_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_TO_HIRAGANA = {code + 0x60: code for code in range(0x3041, 0x3097)}


def katakana(text: str) -> str:
    """Hiragana as full-width katakana (ひらがな → ヒラガナ); the rest as it is."""
    return text.translate(_TO_KATAKANA)


def hiragana(text: str) -> str:
    """Full-width katakana as hiragana (カタカナ → かたかな); the rest as it is."""
    return text.translate(_TO_HIRAGANA)
