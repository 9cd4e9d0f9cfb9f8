from django.core.files import File
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from japanese.text import normalize

from .models import (
    ActionItem,
    Attachment,
    Attendance,
    CalendarToken,
    Committee,
    CommitteeActivity,
    CommitteePurpose,
    Meeting,
    Member,
    Visibility,
)
from .profile import CommitteeProfile
from .search import search_index_rebuild
from .validators import attachment_file_check


@transaction.atomic
def committee_profile_save(*, profile: CommitteeProfile, name_en: str = "") -> Committee:
    """Store a parsed profile as the committee's, replacing its purposes and activities."""
    committee, _created = Committee.objects.select_for_update().update_or_create(
        singleton=True,
        defaults={
            "name": profile.name,
            "name_en": name_en,
            "description": profile.description,
            "founded_on": profile.founded_on,
            "member_count": profile.member_count,
            "member_count_as_of": profile.member_count_as_of,
            "members_profile": profile.members_profile,
            "secretariat": profile.secretariat,
        },
    )
    committee.purposes.all().delete()
    CommitteePurpose.objects.bulk_create(
        CommitteePurpose(committee=committee, order=i, text=text)
        for i, text in enumerate(profile.purposes, start=1)
    )
    committee.activities.all().delete()
    CommitteeActivity.objects.bulk_create(
        CommitteeActivity(
            committee=committee,
            order=i,
            title=activity.title,
            period=activity.period,
            started_on=activity.started_on,
            description=activity.description,
        )
        for i, activity in enumerate(profile.activities, start=1)
    )
    return committee


# Minutes kept by city staff in the admin ------------------------------------------------------


class MeetingPublishError(Exception):
    """A meeting cannot be given that visibility; the message says why, for staff."""


@transaction.atomic
def meeting_edited(*, meeting: Meeting) -> Meeting:
    """Staff changed the minutes by hand: a later import keeps their edits, search sees them.

    Called once the meeting and everything edited with it (agenda items, notes, links,
    attendance) are saved, so that the search text is built from what is stored.
    """
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(edited_at=now)
    meeting.edited_at = now
    search_index_rebuild(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_publish(*, meeting: Meeting, visibility: str) -> Meeting:
    """Open minutes to everyone or to members; the first publication date is kept."""
    if visibility not in (Visibility.PUBLIC, Visibility.MEMBERS):
        raise MeetingPublishError(_("Minutes are published to everyone or to members only."))
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.visibility = visibility
    if locked.published_at is None:
        locked.published_at = timezone.now()
    locked.save(update_fields=["visibility", "published_at", "updated_at"])
    meeting.visibility, meeting.published_at = locked.visibility, locked.published_at
    return meeting


@transaction.atomic
def attachment_add(*, meeting: Meeting, title: str, file: File) -> Attachment:
    """Attach a PDF or an image, checked by its content, to a meeting's minutes.

    Raises ``django.core.exceptions.ValidationError`` with the message staff see beside the
    field when the file is no PDF, JPEG, PNG or WebP, or is too large.
    """
    checked = attachment_file_check(file)
    attachment = Attachment(
        meeting=meeting,
        title=normalize(title) or checked.name,
        content_type=checked.content_type,
        size=checked.size,
    )
    attachment.file.save(checked.name, file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    """The row goes at once, its file once the deletion is committed (a rollback keeps both)."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def calendar_token_revoke(*, token: CalendarToken) -> CalendarToken:
    """The private calendar URL stops working; revoking twice keeps the first date."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def action_item_mark_done(*, action_item: ActionItem) -> ActionItem:
    if action_item.status != ActionItem.Status.DONE:
        action_item.status = ActionItem.Status.DONE
        action_item.done_at = timezone.now()
        action_item.save(update_fields=["status", "done_at"])
    return action_item


@transaction.atomic
def attendance_member_release(*, meeting: Meeting, member: Member, keep: int | None) -> None:
    """Let another row of the meeting give up ``member``, so that row ``keep`` can take it.

    Two names swapped by staff are saved one row after the other; the database allows a
    member once per meeting at every moment. The other row keeps the member's name as
    written, and is saved with its new member right after.
    """
    Attendance.objects.filter(meeting=meeting, member=member).exclude(pk=keep).update(
        member=None,
        name_as_written=Coalesce(NullIf("name_as_written", Value("")), Value(member.name[:100])),
    )
