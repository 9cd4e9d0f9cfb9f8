"""Staff placing the lines the parser could not, in the admin's preview, before importing."""

from japanese.text import normalize

from .minutes_parser import _CIRCLED, _HEADING_BULLETS, _classify
from .minutes_text import _Line, physical_lines

HEADING, NOTE, CONTINUE = "heading", "note", "continue"


def lines_fixed(text: str, fixes: dict[int, str]) -> str:
    """The text with staff's choices for its unread lines, by line number: a ``heading`` at the
    level of the heading above it, a ``note``, or ``continue`` (joined to the line before).

    The text is what is stored as the meeting's source, so that the next import of it gives
    the same minutes; the preview reads it again before anything is stored.
    """
    raw_lines = physical_lines(text)
    marker = "○"
    for index, raw in enumerate(raw_lines):
        number = index + 1
        line = _Line(number, raw, normalize(raw))
        fix = fixes.get(number)
        if fix is None:
            if _classify(line)[0] == "heading":
                marker = _marker_of(raw)
            continue
        written = raw.strip()
        if fix == HEADING:
            raw_lines[index] = marker + written
        elif fix == NOTE:
            raw_lines[index] = "・" + written
        elif fix == CONTINUE:
            before = next((i for i in range(index - 1, -1, -1) if raw_lines[i].strip()), None)
            if before is not None:
                raw_lines[before] = raw_lines[before].rstrip() + written
                raw_lines[index] = ""
    return "\n".join(raw_lines)


def _marker_of(raw: str) -> str:
    """The marker that writes a heading at the same level as ``raw``'s."""
    first = raw.strip()[:1]
    if first in _CIRCLED or first in _HEADING_BULLETS:
        return first
    return "○"
