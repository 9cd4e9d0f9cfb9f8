"""The text of a minutes file: decoding, its lines, the parser's error and messages.

Shared by :mod:`meetings.minutes_parser` and :mod:`meetings.minutes_dates`.
"""

import codecs
import functools
import time
from dataclasses import dataclass

from django.utils.translation import get_language, gettext

from core.errors import ServiceError
from japanese.text import normalize


def _(message: str) -> str:
    """gettext, remembered per language: the parser may ask for one message per line."""
    return _translated(message, get_language())


@functools.lru_cache(maxsize=256)
def _translated(message: str, language: str | None) -> str:
    return gettext(message)


# Seconds a file may take to read: well inside a web worker's timeout (gunicorn's 30 s).
TIME_LIMIT = 10.0


class MinutesParseError(ServiceError, ValueError):
    """The text cannot be read as minutes at all (no date, not text)."""


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based, as an editor shows it
    raw: str
    text: str  # normalised
    after_blank: bool = False  # a blank line came before it

    @property
    def indented(self) -> bool:
        return self.raw[:1].isspace()


class _Deadline:
    """Stops a file that takes too long, before a web worker's timeout does."""

    def __init__(self, seconds: float | None):
        self.at = time.monotonic() + seconds if seconds else None

    def check(self, index: int) -> None:
        if self.at is not None and index % 1024 == 0 and time.monotonic() > self.at:
            raise MinutesParseError(
                _(
                    "The file takes too long to read. Split it into one file per meeting "
                    "and import each."
                ),
                code="too_slow",
            )


def physical_lines(text: str) -> list[str]:
    """The lines of a file as an editor numbers them: any line ending, no byte-order mark."""
    return text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _split_lines(text: str) -> list[_Line]:
    """The lines that hold something, each with its number and whether a blank line came
    before it (which ends a wrapped note); a run of blank lines costs next to nothing."""
    raw_lines = physical_lines(text)
    filled = [(i, raw) for i, raw in enumerate(raw_lines) if raw and not raw.isspace()]
    return [
        _Line(
            i + 1, raw, normalize(raw), after_blank=i > 0 and (k == 0 or filled[k - 1][0] != i - 1)
        )
        for k, (i, raw) in enumerate(filled)
    ]


# Decoding ------------------------------------------------------------------------------------


def decode_minutes(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM), else Shift_JIS (cp932).

    UTF-8 is tried first because Shift_JIS text practically never decodes as UTF-8, while
    UTF-8 bytes often "decode" as cp932 garbage. A UTF-8 BOM rules Shift_JIS out.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)  # Notepad's "Unicode"
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp932")
    errors = []
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            errors.append(f"{encoding}: invalid byte at position {error.start}")
            continue
        if "\x00" in text:
            raise MinutesParseError(_("The file holds NUL bytes: it is not a text file."))
        return text
    raise MinutesParseError(
        _(
            "The file is neither UTF-8 nor Shift_JIS (cp932) text (%(errors)s). Save it as "
            "UTF-8 and upload it again."
        )
        % {"errors": "; ".join(errors)}
    )
