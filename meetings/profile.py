"""Reading the committee's profile page, as the secretariat writes it, into structured data.

The seed file carries it after the minutes: the committee's name on two lines, a paragraph,
then ``○結成:平成27年10月``, ``○委員数:14名(R4.4時点)``, ``○目的:`` with ``・`` lines and
``○活動:`` with numbered items (①②…) each followed by description lines.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from core.errors import ServiceError
from japanese.dates import era_to_western
from japanese.text import normalize
from meetings.minutes_text import physical_lines

_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳
_ERA_MONTH = re.compile(r"(令和|平成|昭和|[RHS])\s*(元|\d+)\s*[年.]\s*(\d+)")


class ProfileError(ServiceError, ValueError):
    """The text holds no profile the parser can read."""


@dataclass
class ActivityEntry:
    title: str
    period: str = ""
    started_on: dt.date | None = None
    description_lines: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        return "\n".join(self.description_lines)


@dataclass
class CommitteeProfile:
    name: str
    description: str = ""
    founded_on: dt.date | None = None
    member_count: int | None = None
    member_count_as_of: dt.date | None = None
    members_profile: str = ""
    secretariat: str = ""
    purposes: list[str] = field(default_factory=list)
    activities: list[ActivityEntry] = field(default_factory=list)


def parse_era_month(text: str) -> dt.date | None:
    """平成27年10月 → 2015-10-01; R4.4 → 2022-04-01; None when there is no 和暦 month."""
    match = _ERA_MONTH.search(normalize(text))
    if not match:
        return None
    era, year, month = match.groups()
    year_number = 1 if year == "元" else int(year)
    return dt.date(era_to_western(era, year_number), int(month), 1)


def find_profile_start(lines: list[str]) -> int:
    """Index of the profile's first line: the name repeated just before ``○結成``.

    Raises ProfileError when the text has no ``○結成`` line.
    """
    anchor = next((i for i, line in enumerate(lines) if normalize(line).startswith("○結成")), None)
    if anchor is None:
        raise ProfileError("no ○結成 line: this is not the committee's profile")
    # Walk back over the description paragraph to the name written twice (blank lines apart).
    filled = [(i, normalize(lines[i])) for i in range(anchor) if normalize(lines[i])]
    for k in range(len(filled) - 1, 0, -1):
        text = filled[k][1]
        if text == filled[k - 1][1]:
            while k > 0 and filled[k - 1][1] == text:
                k -= 1
            return filled[k][0]
    raise ProfileError("the committee's name is not repeated before ○結成")


def parse_profile(text: str) -> CommitteeProfile:
    raw_lines = physical_lines(text)
    start = find_profile_start(raw_lines)
    lines = raw_lines[start:]
    name = normalize(lines[0])
    profile = CommitteeProfile(name=name)
    description: list[str] = []
    section = "description"
    for raw in lines[1:]:
        stripped = raw.strip().replace("\u3000", " ")
        line = normalize(raw)
        if not line or line == name:
            continue
        if line.startswith("○"):
            key, _sep, value = line[1:].partition(":")
            key, value = key.strip(), value.strip()
            section = key
            if key == "結成":
                profile.founded_on = parse_era_month(value)
            elif key == "委員数":
                count = re.match(r"(\d+)", value)
                profile.member_count = int(count.group(1)) if count else None
                profile.member_count_as_of = parse_era_month(value)
            elif key == "委員":
                profile.members_profile = value
            elif key == "事務局":
                profile.secretariat = value
            continue
        if section == "description":
            description.append(line)
        elif section == "目的":
            profile.purposes.append(line.lstrip("・").strip())
        elif section == "活動":
            if stripped and stripped[0] in _CIRCLED:
                title = normalize(stripped[1:])
                period_match = re.search(r"\(([^()]*\d+年[^()]*)\)$", title)
                period = period_match.group(1) if period_match else ""
                if period_match:
                    title = title[: period_match.start()].strip()
                profile.activities.append(
                    ActivityEntry(title=title, period=period, started_on=parse_era_month(period))
                )
            elif profile.activities:
                profile.activities[-1].description_lines.append(line)
    profile.description = "\n".join(description)
    return profile
