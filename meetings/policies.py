"""Who may see what of the committee: the one place the meetings app decides it.

Minutes with their visibility (public, members-only, draft) come with the minutes issue;
the rule is fixed here already so that every page asks the same question.
"""

from accounts.roles import is_city_staff, is_committee_member
from accounts.types import AnyUser


def can_view_members_only(user: AnyUser) -> bool:
    return is_committee_member(user) or is_city_staff(user)


def can_view_drafts(user: AnyUser) -> bool:
    return is_city_staff(user)


def can_answer_activities(user: AnyUser) -> bool:
    """Members answer for themselves; the view also needs their Member record."""
    return is_committee_member(user)


def can_view_answers(user: AnyUser) -> bool:
    """Who attends what is for the committee and its secretariat, not the public."""
    return can_view_members_only(user)


def can_have_calendar_link(user: AnyUser) -> bool:
    """A private calendar URL shows members-only meetings: committee members only."""
    return is_committee_member(user)
