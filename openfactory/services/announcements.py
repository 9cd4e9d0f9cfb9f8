"""Announcements: the secretariat mails everyone holding a reservation in a slot or on a day."""

import datetime as dt

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.types import AnyUser
from core.page_cache import pages_changed
from core.tasks import delay_on_commit_robust
from japanese.templatetags.japanese import jdate
from japanese.text import normalize, normalize_multiline

from .. import selectors
from ..errors import AnnouncementError
from ..mails import announcement_message
from ..models import Announcement, AnnouncementDelivery, AreaDay, Reservation, Slot


def announcement_target_label(*, area_day: AreaDay, slot: Slot | None = None) -> str:
    day = f"{area_day.area.name} {jdate(area_day.date)}"
    if slot is None:
        return day[:300]
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    programme = slot.programme
    return (
        f"{day} {start:%H:%M}–{end:%H:%M} {programme.title} ({programme.exhibitor.company.name})"
    )[:300]


def announcement_create(
    *,
    area_day: AreaDay,
    slot: Slot | None = None,
    subject: str,
    body: str,
    subject_en: str = "",
    body_en: str = "",
    created_by: AnyUser | None = None,
    idempotency_key: str | None = None,
) -> Announcement:
    """Store an announcement and enqueue its sending once the transaction commits.

    The same ``idempotency_key`` (the form's hidden field) returns the first announcement, so
    that a double click never mails everyone twice.
    """
    subject, subject_en = normalize(subject), normalize(subject_en)
    body, body_en = normalize_multiline(body), normalize_multiline(body_en)
    if not subject:
        raise AnnouncementError(_("Write a subject."), field="subject")
    if not body:
        raise AnnouncementError(_("Write the message."), field="body")
    if bool(subject_en) != bool(body_en):
        raise AnnouncementError(
            _("For an English version, write both its subject and its message."),
            field="body_en" if subject_en else "subject_en",
        )
    if slot is not None and slot.programme.exhibitor.area_day_id != area_day.pk:
        raise AnnouncementError(_("This time slot is not on this day."), code="target")
    with transaction.atomic():
        if idempotency_key:
            done = Announcement.objects.filter(idempotency_key=idempotency_key).first()
            if done is not None:
                return done
        if not selectors.announcement_recipient_count(area_day=area_day, slot=slot):
            raise AnnouncementError(
                _("No one holds a reservation here, so there is no one to mail."),
                code="nobody",
            )
        announcement = Announcement.objects.create(
            scope=Announcement.Scope.SLOT if slot else Announcement.Scope.AREA_DAY,
            area_day=area_day,
            slot=slot,
            target=announcement_target_label(area_day=area_day, slot=slot),
            subject=subject,
            body=body,
            subject_en=subject_en,
            body_en=body_en,
            created_by=created_by if isinstance(created_by, User) else None,  # signed in
            idempotency_key=idempotency_key or None,
        )
        # If the broker is down, the announcement is stored all the same; the sweep sends it.
        delay_on_commit_robust(send_announcement, announcement.pk)
        return announcement


def announcement_send(*, announcement_id: int, now: dt.datetime | None = None) -> int:
    """Mail an announcement to every address holding a reservation in its slot or day, each
    address once and on its own (no shared To list); returns how many were mailed now.

    Each address is claimed (an AnnouncementDelivery row) in the transaction that sends its
    mail: a failed send leaves no claim, a second run or a second worker skips what is done.
    """
    announcement = (
        Announcement.objects.select_related("area_day__area", "slot").filter(pk=announcement_id)
    ).first()
    if announcement is None or announcement.sent_at is not None:
        return 0
    if announcement.scope == Announcement.Scope.SLOT and announcement.slot_id is None:
        reservations = []  # the slot was deleted (it held no reservation by then)
    else:
        reservations = list(
            selectors.announcement_recipients(
                area_day=announcement.area_day, slot=announcement.slot
            )
        )
    done = set(
        AnnouncementDelivery.objects.filter(announcement=announcement).values_list(
            "reservation__email", flat=True
        )
    )
    by_address: dict[str, list[Reservation]] = {}
    for reservation in reservations:
        by_address.setdefault(reservation.email, []).append(reservation)
    sent = 0
    for email, held in by_address.items():
        if email in done:
            continue
        first = min(held, key=lambda r: r.pk)
        language = max(held, key=lambda r: r.pk).language
        language = "en" if language == "en" and announcement.has_english else "ja"
        try:
            with transaction.atomic():
                AnnouncementDelivery.objects.create(
                    announcement=announcement, reservation=first, language=language
                )
                announcement_message(announcement, held, language=language).send()
        except IntegrityError:
            continue  # another run mailed this address
        sent += 1
    with transaction.atomic():
        total = AnnouncementDelivery.objects.filter(announcement=announcement).count()
        Announcement.objects.filter(pk=announcement.pk, sent_at__isnull=True).update(
            sent_at=now or timezone.now(), recipients=total
        )
        pages_changed()  # staff's list shows it sent (update() sends no signal)
    return sent


@shared_task(
    name="openfactory.tasks.send_announcement",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_announcement(announcement_id: int) -> int:
    return announcement_send(announcement_id=announcement_id)
