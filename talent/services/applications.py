"""The workflow of an application: draft (autosaved), submit, review, return, decide.

Allowed steps (``STEPS``), and who takes them::

    draft ──submit──▶ submitted ──take in review──▶ in_review ──▶ approved (amount)
                          ▲                           │  └──────▶ rejected (reason)
    returned ──resubmit───┘◀────── return (comments per field)

Submitting is a company owner's (``policies.can_submit_application``); every other step is
city staff's (``policies.can_review``). Each step locks the application row, is recorded as
a ``Transition`` (who, when) and queues its mail on commit. A return keeps the answers and
the attachments: the company corrects what the comments name and submits again.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Company
from japanese.dates import fiscal_year, format_date

from .. import policies
from ..errors import DeadlineError, TalentError, TransitionNotAllowed
from ..models import Application, Attachment, FormField, Scheme, Transition
from ..models.applications import Status
from ..uploads import CheckedFile
from .mails import transition_mail_enqueue

STEPS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.RETURNED, Status.APPROVED, Status.REJECTED},
}
REVIEW_STEPS = (Status.IN_REVIEW, Status.RETURNED, Status.APPROVED, Status.REJECTED)
# The company's details an application carries, filled from its profile.
APPLICANT_FIELDS = (
    "company_name",
    "postal_code",
    "address",
    "representative",
    "phone",
    "email",
    "employees",
)
APPLICANT_LIMITS = {
    "company_name": 200,
    "postal_code": 8,
    "address": 300,
    "representative": 100,
    "phone": 20,
    "email": 254,
    "employees": 20,
}
MAX_ATTACHMENTS = 30


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("scheme", "company")
        .get(pk=application.pk)
    )


def _deadline_message(scheme: Scheme, today: dt.date, language: str) -> str:
    if scheme.opens_on and today < scheme.opens_on:
        return _("Applications to this programme open on %(date)s.") % {
            "date": format_date(scheme.opens_on, language)
        }
    if scheme.closes_on and today > scheme.closes_on:
        return _(
            "The application period of this programme ended on %(date)s: applications can no "
            "longer be submitted. Please contact the city's office."
        ) % {"date": format_date(scheme.closes_on, language)}
    return _("This programme is closed: it takes no applications.")


def check_accepting(scheme: Scheme, *, today: dt.date | None = None, language: str = "ja") -> None:
    today = today or timezone.localdate()
    if not scheme.accepts_on(today):
        raise DeadlineError(_deadline_message(scheme, today, language), code="deadline")


def profile_values(company: Company, user: User) -> dict[str, str]:
    """What the company's profile (and the signed-in owner) already say."""
    return {
        "company_name": company.name,
        "postal_code": company.postal_code,
        "address": company.address,
        "representative": "",
        "phone": company.contact_phone,
        "email": company.contact_email or user.email,
        "employees": "" if company.employees is None else str(company.employees),
    }


@transaction.atomic
def application_start(
    *, scheme: Scheme, company: Company, actor: User, language: str = "ja"
) -> Application:
    """The company's draft for the scheme: the one it holds, or a new one from its profile."""
    if not policies.can_apply_for(actor, company):
        raise TransitionNotAllowed(_("You cannot apply for this company."), code="forbidden")
    check_accepting(scheme, language=language)
    Company.objects.select_for_update().filter(pk=company.pk).first()  # one draft at a time
    existing = Application.objects.filter(
        scheme=scheme, company=company, status=Status.DRAFT
    ).first()
    if existing is not None:
        return existing
    return Application.objects.create(
        scheme=scheme,
        company=company,
        created_by=actor,
        language=language,
        **profile_values(company, actor),
    )


@transaction.atomic
def application_save(
    *, application: Application, actor: User, values: dict[str, str]
) -> Application:
    """Keep what was typed (the draft, by autosave or the save button); nothing is checked
    beyond normalisation: a draft may be incomplete."""
    application = _locked(application)
    if not policies.can_edit_application(actor, application):
        raise TransitionNotAllowed(
            _("This application cannot be changed now: it is with the city's office."),
            code="not_editable",
        )
    field_names = {f.name for f in application.scheme.fields.exclude(kind=FormField.Kind.FILE)}
    for name in APPLICANT_FIELDS:
        if name in values:
            setattr(application, name, str(values[name])[: APPLICANT_LIMITS[name]])
    answers = dict(application.answers)
    for name, value in values.items():
        if name in field_names:
            answers[name] = str(value)[:5000]
    application.answers = answers
    application.save()
    return application


@transaction.atomic
def attachment_add(
    *, application: Application, field: FormField, checked: CheckedFile, actor: User
) -> Attachment:
    application = _locked(application)
    if not policies.can_edit_application(actor, application):
        raise TransitionNotAllowed(
            _("This application cannot be changed now: it is with the city's office."),
            field=field.name,
            code="not_editable",
        )
    if field.scheme_id != application.scheme_id or field.kind != FormField.Kind.FILE:
        raise TalentError(_("This field takes no file."), field=field.name, code="not_a_file")
    if application.attachments.count() >= MAX_ATTACHMENTS:
        raise TalentError(
            _("An application takes at most %(count)d files.") % {"count": MAX_ATTACHMENTS},
            field=field.name,
            code="too_many",
        )
    attachment = Attachment(
        application=application,
        field=field,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.file.save(checked.name, checked.content, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor: User) -> None:
    application = _locked(attachment.application)
    if not policies.can_edit_application(actor, application):
        raise TransitionNotAllowed(
            _("This application cannot be changed now: it is with the city's office."),
            code="not_editable",
        )
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored), robust=True)


def _transition(
    application: Application, to_status: str, actor: User, **details: object
) -> Transition:
    if to_status not in STEPS.get(application.status, set()):
        raise TransitionNotAllowed(
            _("An application that is “%(status)s” cannot become “%(to)s”.")
            % {"status": application.get_status_display(), "to": Status(to_status).label},
            code="not_allowed",
        )
    transition = Transition.objects.create(
        application=application,
        from_status=application.status,
        to_status=to_status,
        actor=actor,
        **details,
    )
    application.status = to_status
    transition_mail_enqueue(transition)
    return transition


def missing_answers(application: Application) -> list[FormField]:
    """The required fields with no answer (or, for a file, no attachment)."""
    with_files = set(application.attachments.values_list("field_id", flat=True))
    missing = []
    for field in application.scheme.fields.order_by("order", "pk"):
        if not field.required:
            continue
        if field.kind == FormField.Kind.FILE:
            if field.pk not in with_files:
                missing.append(field)
        elif not str(application.answers.get(field.name, "")).strip():
            missing.append(field)
    return missing


@transaction.atomic
def application_submit(
    *, application: Application, actor: User, language: str = "ja", now: dt.datetime | None = None
) -> Transition:
    """Hand the application to the city: a company owner, inside the application period.

    A returned application is resubmitted even after the period: it was submitted in time,
    and the city asked for the changes.
    """
    application = _locked(application)
    if not policies.can_submit_application(actor, application):
        if application.is_editable and policies.can_apply_for(actor, application.company):
            raise TransitionNotAllowed(
                _("Only an owner of the company can submit; ask an owner to submit it."),
                code="owner_only",
            )
        raise TransitionNotAllowed(
            _("This application cannot be submitted now."), code="not_allowed"
        )
    now = now or timezone.now()
    if application.status == Status.DRAFT:
        check_accepting(application.scheme, today=timezone.localdate(now), language=language)
    missing = missing_answers(application)
    if missing:
        raise TalentError(_("Please answer this question."), field=missing[0].name, code="missing")
    if not application.company_name.strip():
        raise TalentError(_("Please enter the company name."), field="company_name")
    if application.submitted_at is None:
        application.submitted_at = now
        application.fiscal_year = fiscal_year(timezone.localdate(now))
    application.language = language
    transition = _transition(application, Status.SUBMITTED, actor)
    application.save()
    return transition


@transaction.atomic
def application_review(
    *,
    application: Application,
    actor: User,
    to_status: str,
    comment: str = "",
    field_comments: dict[str, str] | None = None,
    amount: int | None = None,
) -> Transition:
    """City staff's steps: take in review, return with comments, approve or reject."""
    application = _locked(application)
    if to_status not in REVIEW_STEPS or not policies.can_review(actor, application):
        raise TransitionNotAllowed(
            _("Only city staff review applications, never their own company's."),
            code="forbidden",
        )
    field_comments = {k: v for k, v in (field_comments or {}).items() if v.strip()}
    details: dict[str, object] = {"comment": comment}
    if to_status == Status.RETURNED:
        if not comment.strip() and not field_comments:
            raise TalentError(
                _("Say what the company should change: a comment, or one beside a field."),
                field="comment",
                code="comment_required",
            )
        details["field_comments"] = field_comments
    elif to_status == Status.APPROVED:
        if amount is None:
            raise TalentError(
                _("Enter the amount granted (0 if none)."), field="amount", code="amount"
            )
        details["amount"] = amount
        application.amount_granted = amount
    elif to_status == Status.REJECTED and not comment.strip():
        raise TalentError(
            _("Give the reason for the rejection: the company reads it."),
            field="comment",
            code="reason_required",
        )
    transition = _transition(application, to_status, actor, **details)
    if to_status in (Status.APPROVED, Status.REJECTED):
        application.decided_at = transition.created_at
        application.decision_reason = comment
    application.save()
    return transition


@transaction.atomic
def application_update(
    *,
    application: Application,
    actor: User,
    values: dict[str, str],
    files: list[tuple[FormField, CheckedFile]],
    submit: bool = False,
    language: str = "ja",
) -> Application:
    """The application page's save or submit, all or nothing: a refused submission (an
    editor's, a closed period, a missing file) stores none of what came with it."""
    saved = application_save(application=application, actor=actor, values=values)
    for field, checked in files:
        attachment_add(application=saved, field=field, checked=checked, actor=actor)
    if submit:
        application_submit(application=saved, actor=actor, language=language)
    return saved
