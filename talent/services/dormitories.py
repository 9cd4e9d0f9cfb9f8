"""Companies' requests for places in the city's dormitory houses, and the city's answer.

An allocation locks the house's row, checks the vacancies under the lock and writes
``places_taken`` in the same transaction; the database refuses it above the capacity. The
company's staff are mailed about the decision once the transaction commits (Celery).
"""

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Company, Membership
from core.mail import compose
from core.page_cache import pages_changed
from core.tasks import delay_or_run_on_commit

from ..errors import TalentError
from ..models import DormitoryMail, DormitoryRequest, House
from . import locking

Status = DormitoryRequest.Status


@transaction.atomic
def dormitory_request_create(
    *,
    company: Company,
    places: int,
    from_date: dt.date,
    for_whom: str,
    note: str = "",
    actor: "User | None",
    today: dt.date | None = None,
) -> DormitoryRequest:
    if places < 1:
        raise TalentError(_("Ask for at least one place."), field="places")
    if from_date < (today or timezone.localdate()):
        raise TalentError(_("This date is in the past."), field="from_date")
    return DormitoryRequest.objects.create(
        company=company,
        places=places,
        from_date=from_date,
        for_whom=for_whom,
        note=note,
        created_by=actor,
    )


def _lock_request(request_id: int) -> DormitoryRequest:
    found = DormitoryRequest.objects.select_for_update().filter(pk=request_id).first()
    if found is None:
        raise TalentError(_("This request does not exist."), code="unknown")
    if found.status != Status.PENDING:
        raise TalentError(_("This request has been answered already."), code="answered")
    return found


def dormitory_request_allocate(
    *, request_id: int, house_id: int, places: int, actor: "User | None"
) -> DormitoryRequest:
    """Give ``places`` in one house; never more than the house has free, nor than asked."""
    try:
        with locking.serialised(), transaction.atomic():
            locking.set_lock_timeout()
            # The house first, then the request: the order of every place-changing workflow.
            houses = House.objects.select_for_update() if locking.ROW_LOCKS else House.objects
            house = houses.filter(pk=house_id, is_active=True).first()
            if house is None:
                raise TalentError(_("Choose a house in use."), field="house")
            request = _lock_request(request_id)
            if places < 1:
                raise TalentError(_("Allocate at least one place."), field="places")
            if places > request.places:
                raise TalentError(
                    _("The company asked for %(count)d places: allocate no more.")
                    % {"count": request.places},
                    field="places",
                )
            if places > house.vacancies:
                raise TalentError(
                    _("%(house)s has %(count)d vacant places: allocate no more.")
                    % {"house": house.name, "count": house.vacancies},
                    field="places",
                    code="no_vacancy",
                )
            house.places_taken += places
            House.objects.filter(pk=house.pk).update(places_taken=house.places_taken)
            pages_changed()  # the dashboard's vacancies (update() sends no signal)
            request.status = Status.ALLOCATED
            request.house = house
            request.places_allocated = places
            request.decided_at = timezone.now()
            request.decided_by = actor
            request.save()
            delay_or_run_on_commit(send_dormitory_mail, request.pk, Status.ALLOCATED.value)
            return request
    except OperationalError:
        raise locking.busy_error() from None


@transaction.atomic
def dormitory_request_decline(
    *, request_id: int, reason: str, actor: "User | None"
) -> DormitoryRequest:
    if not reason.strip():
        raise TalentError(_("Tell the company why."), field="reason")
    request = _lock_request(request_id)
    request.status = Status.DECLINED
    request.decline_reason = reason.strip()
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save()
    delay_or_run_on_commit(send_dormitory_mail, request.pk, Status.DECLINED.value)
    return request


def house_capacity_check(*, house: House, capacity: int) -> None:
    """The admin may not lower a house's capacity below the places it has allocated."""
    if house.pk and capacity < house.places_taken:
        raise TalentError(
            _("%(count)d places are allocated already: the capacity cannot be lower.")
            % {"count": house.places_taken},
            field="capacity",
        )


def dormitory_mail_send(*, request_id: int, kind: str) -> int:
    """Mail the company's staff about the city's decision, once per request and kind."""
    with transaction.atomic():
        request = (
            DormitoryRequest.objects.select_for_update(of=("self",))
            .select_related("company", "house")
            .filter(pk=request_id)
            .first()
        )
        if request is None or DormitoryMail.objects.filter(request=request, kind=kind).exists():
            return 0
        addresses = sorted(
            set(
                Membership.objects.filter(company=request.company, user__is_active=True)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        for address in addresses:
            compose(
                to=[address],
                subject=_("Your dormitory request: the city's answer"),
                body_template="talent/email/dormitory_decision.txt",
                context={"request": request, "site_url": settings.SITE_URL},
            ).send()
        DormitoryMail.objects.create(request=request, kind=kind)
    return len(addresses)


@shared_task(
    name="talent.tasks.send_dormitory_mail",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_dormitory_mail(request_id: int, kind: str) -> int:
    return dormitory_mail_send(request_id=request_id, kind=kind)
