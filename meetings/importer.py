"""Storing parsed minutes as a meeting: matching attendees, keeping staff edits.

The parser (:mod:`meetings.minutes_parser`) reads text without the database; this module
decides what a parsed file means for the meetings already stored.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core.errors import ServiceError
from core.page_cache import pages_changed
from japanese.text import normalize

from .minutes_parser import ParsedItem, ParsedMinutes
from .models import (
    ActionItem,
    Activity,
    AgendaItem,
    Attendance,
    Link,
    Meeting,
    Member,
    Note,
    Visibility,
)
from .search import search_index_rebuild

KINDS = {
    "定例会": Meeting.Kind.REGULAR,
    "臨時会": Meeting.Kind.EXTRAORDINARY,
    "臨時総会": Meeting.Kind.EXTRAORDINARY,
    "総会": Meeting.Kind.GENERAL,
    "定時総会": Meeting.Kind.GENERAL,
}


class MinutesImportError(ServiceError):
    """The parsed minutes cannot be stored; the message says why, for staff."""


@dataclass
class ImportResult:
    meeting: Meeting | None
    action: str  # "created", "updated", "kept" or "dry-run"
    unmatched: list[str] = field(default_factory=list)
    # What a dry run would have done ("created", "updated" or "kept"); the action otherwise.
    planned: str = ""
    # Each attendee as written with the member it was matched to, in the order written.
    matches: list[tuple[str, Member | None]] = field(default_factory=list)

    def __post_init__(self):
        self.planned = self.planned or self.action

    def describe(self) -> str:
        what = {
            "created": "created",
            "updated": "updated",
            "kept": "kept (edited by staff since the last import; use --replace to overwrite)",
            "dry-run": f"not stored (dry run; it would be {self.planned})",
        }[self.action]
        target = f"meeting {self.meeting.pk}" if self.meeting and self.meeting.pk else "meeting"
        text = f"{target} {what}"
        if self.unmatched:
            text += f"; names matching no member: {', '.join(self.unmatched)}"
        return text


def _name_key(name: str) -> str:
    return normalize(name).replace(" ", "")


def match_attendees(names: list[str], members: list[Member]) -> list[Member | None]:
    """The member each name stands for, or None; a member is matched at most once.

    Minutes often give the family name only (斉藤), so a name matches a member whose full
    name or kana equals it or begins with it. Two attendees written alike (川崎, 川崎) are
    two people: the second takes the next member who fits.
    """
    used: set[int] = set()
    matched: list[Member | None] = []
    for name in names:
        key = _name_key(name)
        candidates = [
            m
            for m in members
            if m.pk not in used
            and key
            and (
                _name_key(m.name) == key
                or _name_key(m.name_kana) == key
                or _name_key(m.name).startswith(key)
                or (m.name_kana and _name_key(m.name_kana).startswith(key))
            )
        ]
        exact = [m for m in candidates if key in (_name_key(m.name), _name_key(m.name_kana))]
        member = (exact or candidates or [None])[0]
        if member is not None:
            used.add(member.pk)
        matched.append(member)
    return matched


def _store_items(
    meeting: Meeting, items: list[ParsedItem], parent: AgendaItem | None = None
) -> None:
    for order, parsed in enumerate(items, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, parent=parent, order=order, title=parsed.title[:300]
        )
        Note.objects.bulk_create(
            Note(item=item, order=i, text=text) for i, text in enumerate(parsed.notes, start=1)
        )
        Link.objects.bulk_create(
            Link(item=item, order=i, label=link.label[:200], url=link.url[:500], kind=link.kind)
            for i, link in enumerate(parsed.links, start=1)
        )
        _store_items(meeting, parsed.children, parent=item)
    pages_changed()  # the notes and links (bulk_create sends no signal)


def _relink_action_items(meeting: Meeting, titles: dict[int, str]) -> None:
    """After a replace, action items find their agenda item again by its title."""
    by_title = {item.title: item for item in meeting.agenda_items.all()}
    for action in ActionItem.objects.filter(meeting=meeting, pk__in=titles):
        action.agenda_item = by_title.get(titles[action.pk])
        action.save(update_fields=["agenda_item"])


def _activity_links(meeting: Meeting) -> list[tuple[int, str]]:
    """(activity, agenda item title) of the activities tied to the meeting's agenda."""
    through = Activity.agenda_items.through
    return list(
        through.objects.filter(agendaitem__meeting=meeting).values_list(
            "activity_id", "agendaitem__title"
        )
    )


def _relink_activities(meeting: Meeting, links: list[tuple[int, str]]) -> None:
    """After a replace, activities (視察, セミナー …) find their agenda items again by title."""
    by_title = {item.title: item.pk for item in meeting.agenda_items.all()}
    through = Activity.agenda_items.through
    through.objects.bulk_create(
        [
            through(activity_id=activity_id, agendaitem_id=by_title[title])
            for activity_id, title in links
            if title in by_title
        ],
        ignore_conflicts=True,
    )
    pages_changed()  # the activities' agenda items (bulk_create sends no signal)


@transaction.atomic
def minutes_import(
    *,
    parsed: ParsedMinutes,
    source_text: str = "",
    replace: bool = False,
    visibility: str = Visibility.DRAFT,
    dry_run: bool = False,
) -> ImportResult:
    """Create the meeting of ``parsed``, or update the one of the same date and kind."""
    if parsed.date is None:
        raise MinutesImportError("the minutes have no date")
    kind = KINDS.get(parsed.kind, Meeting.Kind.OTHER)
    members = list(Member.objects.order_by("order", "pk"))
    pairs = list(zip(parsed.attendees, match_attendees(parsed.attendees, members), strict=True))
    unmatched = [name for name, member in pairs if member is None]

    meeting = Meeting.objects.select_for_update().filter(date=parsed.date, kind=kind).first()
    if meeting is None:
        action = "created"
    elif meeting.edited_at and not replace:
        action = "kept"
    else:
        action = "updated"
    if dry_run:
        return ImportResult(meeting, "dry-run", unmatched, planned=action, matches=pairs)
    if action == "kept":
        return ImportResult(meeting, "kept", unmatched, matches=pairs)

    if meeting is None:
        meeting = Meeting(date=parsed.date, kind=kind, visibility=visibility)
    meeting.title = (parsed.title or f"{parsed.date:%Y/%m/%d} {parsed.kind}")[:300]
    meeting.start_time = parsed.start_time
    meeting.end_time = parsed.end_time
    meeting.unparsed = "\n".join(parsed.unparsed)
    meeting.import_warnings = "\n".join(parsed.warnings)
    meeting.source_text = source_text
    meeting.imported_at = timezone.now()
    meeting.edited_at = None
    if meeting.visibility != Visibility.DRAFT and meeting.published_at is None:
        meeting.published_at = timezone.now()
    meeting.save()

    linked = dict(
        ActionItem.objects.filter(meeting=meeting, agenda_item__isnull=False).values_list(
            "pk", "agenda_item__title"
        )
    )
    activity_links = _activity_links(meeting)
    meeting.agenda_items.all().delete()
    meeting.attendances.all().delete()
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member=member,
            name_as_written=name[:100],
            order=order,
        )
        for order, (name, member) in enumerate(pairs, start=1)
    )
    pages_changed()  # the attendance (bulk_create sends no signal)
    _store_items(meeting, parsed.agenda)
    _relink_action_items(meeting, linked)
    _relink_activities(meeting, activity_links)
    search_index_rebuild(meeting=meeting)
    return ImportResult(meeting, action, unmatched, matches=pairs)
