"""A company's hires from abroad and their checklists: names or initials, ticks and dates."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Company

from ..errors import TalentError
from ..models import ChecklistItem, Hire, HireCheck


@transaction.atomic
def hire_create(*, company: Company, label: str, note: str = "", actor: "User | None") -> Hire:
    if not label.strip():
        raise TalentError(_("Enter a name or initials."), field="label")
    return Hire.objects.create(
        company=company,
        label=label.strip(),
        note=note.strip(),
        created_by=actor,
    )


@transaction.atomic
def hire_update(*, hire: Hire, label: str, note: str = "") -> Hire:
    hire.label = label.strip()
    hire.note = note.strip()
    hire.save(update_fields=["label", "note"])
    return hire


@transaction.atomic
def hire_checks_save(*, hire: Hire, checks: dict[int, tuple[bool, dt.date | None]]) -> int:
    """Store the ticks and dates of ``hire``'s checklist: {item id: (done, date)}.

    Items that are no longer in use, or unknown, are ignored. Returns the items ticked.
    """
    items = set(ChecklistItem.objects.filter(is_active=True).values_list("pk", flat=True))
    existing = {c.item_id: c for c in HireCheck.objects.filter(hire=hire)}
    done_count = 0
    for item_id, (done, date) in checks.items():
        if item_id not in items:
            continue
        done_count += int(done)
        check = existing.get(item_id)
        if check is None:
            if done or date:
                HireCheck.objects.create(hire=hire, item_id=item_id, done=done, date=date)
        elif (check.done, check.date) != (done, date):
            check.done, check.date = done, date
            check.save(update_fields=["done", "date", "updated_at"])
    return done_count


@transaction.atomic
def hire_delete(*, hire: Hire) -> None:
    hire.delete()
