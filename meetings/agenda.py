"""A meeting's agenda as a tree, and long minutes in parts (one page each).

Minutes whose notes run longer than ``PART_CHARACTERS`` are shown in parts, so that a phone
gets a page of at most 30 KB (issue 16): 4,000 characters is about 12 KB of Japanese, and
the committee's real minutes (the seed: 37 notes, about 1,000 characters) are one page. The
print view is always whole. Search links a hit to its part (``meetings.search``), from the
parts recorded when the minutes were indexed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import AgendaItem, Meeting

PART_CHARACTERS = 4000


@dataclass
class AgendaNode:
    item: AgendaItem
    children: list["AgendaNode"] = field(default_factory=list)


def tree_of(items: Iterable[AgendaItem]) -> list[AgendaNode]:
    """``items`` (in their order) as a tree: the top-level nodes, each with its children."""
    nodes = {item.pk: AgendaNode(item) for item in items}
    roots: list[AgendaNode] = []
    for node in nodes.values():
        parent_id = node.item.parent_id
        parent = nodes.get(parent_id) if parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return roots


def agenda_tree(meeting: Meeting) -> list[AgendaNode]:
    """The prefetched agenda items as a tree, without further queries."""
    return tree_of(meeting.agenda_items.all())


@dataclass
class MinutesPart:
    """One page of long minutes: whole top-level agenda items, in order."""

    number: int
    nodes: list[AgendaNode]
    first_item_number: int  # the place of its first item in the agenda, from 1


def _characters(node: AgendaNode) -> int:
    item = node.item
    own = len(item.title) + sum(len(note.text) for note in item.notes.all())
    own += sum(len(link.label) + len(link.url) for link in item.links.all())
    return own + sum(_characters(child) for child in node.children)


def minutes_parts(agenda: list[AgendaNode], limit: int = PART_CHARACTERS) -> list[MinutesPart]:
    """The agenda in parts of at most ``limit`` characters of text each, split between
    top-level items only: an item longer than that is a part of its own. Never empty."""
    parts = [MinutesPart(number=1, nodes=[], first_item_number=1)]
    size = 0
    for index, node in enumerate(agenda):
        characters = _characters(node)
        if parts[-1].nodes and size + characters > limit:
            parts.append(MinutesPart(number=len(parts) + 1, nodes=[], first_item_number=index + 1))
            size = 0
        parts[-1].nodes.append(node)
        size += characters
    return parts


def part_of_each_item(parts: list[MinutesPart]) -> dict[int, int]:
    """Each agenda item's primary key → the number of the part that shows it."""
    found: dict[int, int] = {}

    def walk(node: AgendaNode, number: int) -> None:
        found[node.item.pk] = number
        for child in node.children:
            walk(child, number)

    for part in parts:
        for node in part.nodes:
            walk(node, part.number)
    return found
