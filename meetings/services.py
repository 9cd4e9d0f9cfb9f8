from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation, User
from core.errors import ServiceError
from core.mail import compose
from core.page_cache import pages_changed
from japanese.dates import month_day
from japanese.text import normalize

from .models import (
    ActionItem,
    Activity,
    ActivityResponse,
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
from .selectors import agenda_outline
from .validators import CheckedFile, attachment_file_check


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
    pages_changed()  # /about/'s purposes and activities (bulk_create sends no signal)
    return committee


@transaction.atomic
def calendar_token_issue(*, member: Member) -> CalendarToken:
    """A new private calendar URL for the member; the one they had stops working.

    One live link per member, so that "renew" is the answer to a link that leaked; the member
    row is locked so that two clicks at once still leave one live link.
    """
    Member.objects.select_for_update().filter(pk=member.pk).first()
    member.calendar_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarToken.objects.create(member=member)


@transaction.atomic
def calendar_token_revoke(*, token: CalendarToken) -> CalendarToken:
    """Make the URL stop working (a calendar app then gets 404); revoking twice is harmless."""
    token = CalendarToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@dataclass(frozen=True)
class ReminderResult:
    sent: int = 0
    skipped_without_address: int = 0
    already_sent: bool = False


def _member_address(member: Member) -> str:
    if member.email:
        return member.email
    if member.user is not None and member.user.is_active:
        return member.user.email
    return ""


def _agenda_text(meeting: Meeting) -> str:
    """The agenda as the committee writes it: ○ headings, ・ notes, sub-items indented."""
    lines = []
    for depth, item in agenda_outline(meeting):
        indent = "  " * depth
        lines.append(f"{indent}○{item.title}")
        for note in item.notes.all():
            first, *rest = note.text.splitlines() or [""]
            lines.append(f"{indent}  ・{first}")
            lines.extend(f"{indent}    {line}" for line in rest)
    return "\n".join(lines)


@transaction.atomic
def meeting_reminder_send(*, meeting_id: int) -> ReminderResult:
    """Mail every active member with an address the meeting's date, place and agenda, once.

    The meeting row is locked and ``reminder_sent_at`` set in the same transaction, so a task
    that runs twice (or two workers at once) sends one mail per member; if the mail server
    fails, the transaction rolls back and a retry sends the reminder again.
    """
    meeting = (
        Meeting.objects.not_drafts()
        .select_for_update(of=("self",))
        .filter(pk=meeting_id)
        .prefetch_related("agenda_items__notes")
        .first()
    )
    if meeting is None:
        return ReminderResult()
    if meeting.reminder_sent_at is not None:
        return ReminderResult(already_sent=True)
    if meeting.date < timezone.localdate():
        # A task that waited in the queue past the meeting has nothing useful left to say.
        return ReminderResult()

    context = {
        "meeting": meeting,
        "month_day": month_day(meeting.date),
        "agenda_text": _agenda_text(meeting),
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
    }
    messages = []
    skipped = 0
    # Members read the committee's own language: the reminder is in Japanese only.
    for member in Member.objects.filter(is_active=True).select_related("user"):
        address = _member_address(member)
        if not address:
            skipped += 1
            continue
        # One mail per member: no one sees the others' addresses.
        messages.append(
            compose(
                to=[address],
                subject="meetings/email/meeting_reminder_subject.txt",
                body_template="meetings/email/meeting_reminder_body.txt",
                context={**context, "member": member},
                languages=("ja",),
            )
        )
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    meeting.reminder_sent_at = timezone.now()
    meeting.save(update_fields=["reminder_sent_at"])
    return ReminderResult(sent=len(messages), skipped_without_address=skipped)


# --- Accounts for committee members ---------------------------------------------------------


class MemberInviteError(ServiceError):
    pass


@transaction.atomic
def member_invite(*, member: Member, invited_by: User) -> Invitation:
    """Invite a committee member to the portal at their address; accepting the invitation
    links the new account to this member (``member_link_invited``), so that they can answer
    activities at once."""
    from accounts.services import invitation_create

    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.user_id:
        raise MemberInviteError(_("This member already has an account."))
    if not member.email:
        raise MemberInviteError(_("No e-mail address: add it on the member's page first."))
    invitation = invitation_create(
        email=member.email, kind=Invitation.Kind.COMMITTEE_MEMBER, invited_by=invited_by
    )
    member.invitation = invitation
    member.save(update_fields=["invitation"])
    return invitation


def member_link_invited(*, invitation: Invitation, user: User) -> Member | None:
    """An invitation was accepted (``accounts.signals.invitation_accepted``, inside its
    transaction): the member it was sent to gets the account, unless either is linked."""
    member = (
        Member.objects.select_for_update().filter(invitation=invitation, user__isnull=True).first()
    )
    if member is None or Member.objects.filter(user=user).exists():
        return None
    member.user = user
    member.save(update_fields=["user"])
    return member


@transaction.atomic
def activity_answer(
    *, activity: Activity, member: Member, answer: str, comment: str = ""
) -> ActivityResponse:
    """Record (or change) a member's answer to an activity."""
    response, _created = ActivityResponse.objects.update_or_create(
        activity=activity, member=member, defaults={"answer": answer, "comment": comment}
    )
    return response


class MeetingPublishError(ServiceError):
    """A meeting cannot be given that visibility; the message says why, for staff."""


@transaction.atomic
def meeting_edited(*, meeting: Meeting) -> Meeting:
    """Staff changed the minutes by hand: a later import keeps their edits, search sees them.

    Called once the meeting and everything edited with it (agenda items, notes, links,
    attendance) are saved, so that the search text is built from what is stored.
    """
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(edited_at=now)
    pages_changed()
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
def attachment_add(
    *, meeting: Meeting, title: str, file: File | None = None, checked: CheckedFile | None = None
) -> Attachment:
    """Attach a document or an image, checked by its content, to a meeting's minutes.

    ``checked`` is the result of ``attachment_file_check`` when a form ran it already (an
    image is decoded and re-encoded once, not twice). Raises
    ``django.core.exceptions.ValidationError`` with the message staff see beside the field
    when the file is of no allowed type or too large.
    """
    if checked is None:
        assert file is not None, "attachment_add needs the file or its check"
        checked = attachment_file_check(file)
    attachment = Attachment(meeting=meeting, title=normalize(title) or checked.name)
    _store(attachment, checked)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_update(
    *, attachment: Attachment, title: str, checked: CheckedFile | None = None
) -> Attachment:
    """A new title, and a new file (checked like any other) in place of the old one, which
    is deleted once the change is committed."""
    attachment.title = normalize(title) or attachment.title
    # The name stored now: a form may have put the upload on the instance already.
    old = Attachment.objects.filter(pk=attachment.pk).values_list("file", flat=True).first()
    if checked is not None:
        _store(attachment, checked)
    attachment.save()
    if old and old != attachment.file.name:
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return attachment


def _store(attachment: Attachment, checked: CheckedFile) -> None:
    """What is written is what the check returned: for an image, the re-encoded file."""
    attachment.content_type = checked.content_type
    attachment.size = checked.size
    checked.content.seek(0)
    attachment.file.save(checked.name, checked.content, save=False)


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    """The row goes at once, its file once the deletion is committed (a rollback keeps both)."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


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
    others = Attendance.objects.filter(meeting=meeting, member=member)
    if keep is not None:  # exclude(pk=None) would leave out no row either
        others = others.exclude(pk=keep)
    others.update(
        member=None,
        name_as_written=Coalesce(NullIf("name_as_written", Value("")), Value(member.name[:100])),
    )
    pages_changed()  # the minutes' attendance (update() sends no signal)
