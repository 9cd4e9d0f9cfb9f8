"""Recruiting exhibitors: a company's owner applies to an edition's call, city staff accept
(which creates the exhibitor) or decline with a message. Each step is a ``RecruitmentStep``
and sends its mail once, from a task queued on commit."""

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.types import AnyUser
from companies.models import Company
from core.tasks import delay_or_run_on_commit
from japanese.text import normalize, normalize_multiline

from .. import policies
from ..errors import RecruitmentError
from ..models import (
    AreaDay,
    Exhibitor,
    ExhibitorAccessibility,
    ExhibitorApplication,
    ExhibitorCall,
    RecruitmentStep,
)

# The fields of the application the owner writes, normalised before they are stored.
APPLICATION_TEXT = ("shows", "programme_ideas", "accessibility_notes")
APPLICATION_LINE = ("contact_name", "contact_email", "contact_phone")
APPLICATION_CHOICE = ("step_free", "accessible_toilet")


def _clean(data: dict) -> dict:
    clean: dict = {}
    for name in APPLICATION_TEXT:
        clean[name] = normalize_multiline(data.get(name, "") or "")
    for name in APPLICATION_LINE:
        clean[name] = normalize(data.get(name, "") or "")
    for name in APPLICATION_CHOICE:
        if data.get(name):
            clean[name] = data[name]
    if not clean["shows"]:
        raise RecruitmentError(_("Write what you will show."), field="shows")
    if not clean["contact_name"]:
        raise RecruitmentError(_("Name a contact person."), field="contact_name")
    if not clean["contact_email"]:
        raise RecruitmentError(_("Give the contact person's email address."), field="contact_email")
    return clean


def _check_open(call: ExhibitorCall, area_day: AreaDay) -> None:
    if not call.takes_applications():
        raise RecruitmentError(
            _("The call for exhibitors has closed: applications are no longer accepted."),
            code="closed",
        )
    if area_day.edition_id != call.edition_id:
        raise RecruitmentError(_("Choose a day of this edition."), field="area_day")


def application_submit(
    *, call: ExhibitorCall, company: Company, area_day: AreaDay, data: dict, actor: AnyUser
) -> ExhibitorApplication:
    """A company's application to exhibit; only its owners apply, once per edition."""
    if not policies.can_apply_to_exhibit(actor, company):
        raise RecruitmentError(_("Only an owner of the company can apply."), code="forbidden")
    _check_open(call, area_day)
    clean = _clean(data)
    if ExhibitorApplication.objects.filter(call=call, company=company).exists():
        raise RecruitmentError(
            _("This company has already applied to this edition."), code="duplicate"
        )
    try:
        with transaction.atomic():
            application = ExhibitorApplication.objects.create(
                call=call,
                company=company,
                area_day=area_day,
                submitted_by=_user(actor),
                **clean,
            )
            _step(application, RecruitmentStep.Kind.SUBMITTED, actor)
    except IntegrityError:
        raise RecruitmentError(
            _("This company has already applied to this edition."), code="duplicate"
        ) from None
    return application


@transaction.atomic
def application_update(
    *, application: ExhibitorApplication, area_day: AreaDay, data: dict, actor: AnyUser
) -> ExhibitorApplication:
    """The owner changes the application until city staff have reviewed it."""
    if not policies.can_apply_to_exhibit(actor, application.company):
        raise RecruitmentError(_("Only an owner of the company can apply."), code="forbidden")
    application = ExhibitorApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise RecruitmentError(
            _("This application has been reviewed and can no longer be changed."), code="reviewed"
        )
    _check_open(application.call, area_day)
    for name, value in _clean(data).items():
        setattr(application, name, value)
    application.area_day = area_day
    application.save()
    return application


def _lock_for_review(application: ExhibitorApplication, actor: AnyUser) -> ExhibitorApplication:
    if not policies.can_review_applications(actor):
        raise RecruitmentError(_("Only city staff review applications."), code="forbidden")
    locked = (
        ExhibitorApplication.objects.select_for_update(of=("self",))
        .select_related("area_day", "company")
        .get(pk=application.pk)
    )
    if not locked.is_editable:
        raise RecruitmentError(
            _("This application has already been reviewed (%(status)s).")
            % {"status": locked.get_status_display()},
            code="reviewed",
        )
    return locked


@transaction.atomic
def application_accept(
    *, application: ExhibitorApplication, actor: AnyUser, message: str = ""
) -> Exhibitor:
    """Accept: the company becomes an exhibitor of the area day it asked for."""
    locked = _lock_for_review(application, actor)
    if Exhibitor.objects.filter(area_day=locked.area_day, company=locked.company).exists():
        raise RecruitmentError(
            _("This company already exhibits on this day."), code="exhibitor_exists"
        )
    exhibitor = Exhibitor.objects.create(
        area_day=locked.area_day, company=locked.company, shows=locked.shows
    )
    # What the company told of access when applying becomes its booth's facts for visitors
    # (shown on the pages and used by the area day's filter); it edits them from there on.
    ExhibitorAccessibility.objects.create(
        exhibitor=exhibitor,
        step_free=locked.step_free,
        accessible_toilet=locked.accessible_toilet,
        note=locked.accessibility_notes,
    )
    _decide(locked, ExhibitorApplication.Status.ACCEPTED, actor, message, exhibitor=exhibitor)
    return exhibitor


@transaction.atomic
def application_decline(
    *, application: ExhibitorApplication, actor: AnyUser, message: str
) -> ExhibitorApplication:
    """Decline, telling the company why."""
    message = normalize_multiline(message or "")
    if not message:
        raise RecruitmentError(
            _("Write a message to the company: it is told why."), field="message"
        )
    locked = _lock_for_review(application, actor)
    _decide(locked, ExhibitorApplication.Status.DECLINED, actor, message)
    return locked


def _decide(
    application: ExhibitorApplication,
    status: str,
    actor: AnyUser,
    message: str,
    *,
    exhibitor: Exhibitor | None = None,
) -> None:
    application.status = status
    application.decision_message = normalize_multiline(message or "")
    application.reviewed_by = _user(actor)
    application.reviewed_at = timezone.now()
    application.exhibitor = exhibitor
    application.save()
    _step(application, status, actor, application.decision_message)


def _user(actor: AnyUser) -> User | None:
    return actor if isinstance(actor, User) else None


def _step(
    application: ExhibitorApplication, kind: str, actor: AnyUser, message: str = ""
) -> RecruitmentStep:
    step = RecruitmentStep.objects.create(
        application=application,
        kind=kind,
        actor=_user(actor),
        message=message,
    )
    delay_or_run_on_commit(send_recruitment_mail, step.pk)
    return step


@transaction.atomic
def recruitment_mail_send(*, step_id: int) -> bool:
    """Send a step's mail unless it went out already (a task run twice sends one)."""
    from .. import selectors
    from ..mails import recruitment_messages

    step = (
        RecruitmentStep.objects.select_for_update(of=("self",))
        .select_related("application__company", "application__call__edition")
        .select_related("application__area_day__area")
        .filter(pk=step_id)
        .first()
    )
    if step is None or step.mailed_at is not None:
        return False
    company_id = step.application.company_id
    for message in recruitment_messages(
        step,
        staff=selectors.recruitment_staff_emails(),
        owners=selectors.company_owner_emails(company_id),
    ):
        message.send()
    step.mailed_at = timezone.now()
    step.save(update_fields=["mailed_at"])
    return True


@shared_task(
    name="openfactory.tasks.send_recruitment_mail",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_recruitment_mail(step_id: int) -> bool:
    return recruitment_mail_send(step_id=step_id)
