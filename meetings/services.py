import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from japanese.dates import WEEKDAYS_JA

from .models import (
    CalendarToken,
    Committee,
    CommitteeActivity,
    CommitteePurpose,
    Meeting,
    Member,
)
from .profile import CommitteeProfile
from .selectors import agenda_outline


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


def _month_day(date: dt.date) -> str:
    """9月5日(月): the mails are always in Japanese, whatever the language of the site."""
    return f"{date.month}月{date.day}日({WEEKDAYS_JA[date.weekday()]})"


def _member_address(member: Member) -> str:
    if member.email:
        return member.email
    if member.user_id and member.user.is_active:
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
        "month_day": _month_day(meeting.date),
        "agenda_text": _agenda_text(meeting),
        "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
    }
    messages = []
    skipped = 0
    with translation.override("ja"):
        subject = render_to_string("meetings/email/meeting_reminder_subject.txt", context).strip()
        for member in Member.objects.filter(is_active=True).select_related("user"):
            address = _member_address(member)
            if not address:
                skipped += 1
                continue
            body = render_to_string(
                "meetings/email/meeting_reminder_body.txt", {**context, "member": member}
            )
            # One mail per member: no one sees the others' addresses.
            messages.append(
                EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[address],
                )
            )
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    meeting.reminder_sent_at = timezone.now()
    meeting.save(update_fields=["reminder_sent_at"])
    return ReminderResult(sent=len(messages), skipped_without_address=skipped)


@transaction.atomic
def activity_answer(*, activity, member, answer: str, comment: str = ""):
    """Record (or change) a member's answer to an activity."""
    from .models import ActivityResponse

    response, _created = ActivityResponse.objects.update_or_create(
        activity=activity, member=member, defaults={"answer": answer, "comment": comment}
    )
    return response
