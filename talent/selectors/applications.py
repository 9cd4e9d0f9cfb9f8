"""Reads of applications, their attachments and history, scoped to who asks."""

import datetime as dt

from django.db.models import Max, Min, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.roles import CITY_STAFF_GROUP, is_city_staff
from accounts.types import AnyUser
from companies.models import Company, Membership
from companies.selectors import company_ids_for_user

from ..models import Application, Attachment, Transition
from ..models.applications import WAITING, Status


def _visible(user: AnyUser) -> QuerySet[Application]:
    """Every application for city staff; the user's companies' for their staff; else none."""
    applications = Application.objects.all()
    if is_city_staff(user):
        return applications
    return applications.filter(company_id__in=list(company_ids_for_user(user)))


def applications_of_user(user: AnyUser) -> QuerySet[Application]:
    """The applications of the user's own companies (city staff's list is the dashboard)."""
    return (
        Application.objects.filter(company_id__in=list(company_ids_for_user(user)))
        .select_related("scheme", "company")
        .order_by("-updated_at", "-pk")
    )


def application_for_user(user: AnyUser, pk: int) -> Application:
    """The application if the user may read it; a 404 otherwise (its existence is private)."""
    found = _visible(user).select_related("scheme", "company").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def draft_of(scheme_id: int, company_id: int) -> Application | None:
    return Application.objects.filter(
        scheme_id=scheme_id, company_id=company_id, status=Status.DRAFT
    ).first()


def attachments_by_field(application: Application) -> dict[int, list[Attachment]]:
    found: dict[int, list[Attachment]] = {}
    for attachment in application.attachments.order_by("pk"):
        found.setdefault(attachment.field_id, []).append(attachment)
    return found


def attachment_for_user(user: AnyUser, pk: int) -> Attachment:
    found = (
        Attachment.objects.filter(application__in=_visible(user))
        .select_related("application")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def application_history(application: Application) -> list[Transition]:
    return list(application.transitions.select_related("actor").order_by("created_at", "pk"))


def return_comments(history: list[Transition]) -> dict[str, str]:
    """The comments per field of the latest return, while the company works on them."""
    if history and history[-1].to_status == Status.RETURNED:
        return dict(history[-1].field_comments or {})
    return {}


def applications_waiting() -> QuerySet[Application]:
    """Submitted or in review, waiting longest first (since the last change of status)."""
    return (
        Application.objects.filter(status__in=WAITING)
        .select_related("scheme", "company")
        .annotate(waiting_since=Max("transitions__created_at"))
        .order_by("waiting_since", "pk")
    )


def user_companies(user: AnyUser) -> list[Company]:
    return list(Company.objects.filter(pk__in=list(company_ids_for_user(user))).order_by("name"))


def city_staff_emails() -> list[str]:
    from accounts.models import User

    return list(
        User.objects.filter(is_active=True, is_staff=True, groups__name=CITY_STAFF_GROUP)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def company_emails(company_id: int, *, owners_only: bool) -> list[str]:
    memberships = Membership.objects.filter(company_id=company_id, user__is_active=True)
    if owners_only:
        memberships = memberships.filter(role=Membership.Role.OWNER)
    return list(memberships.order_by("user__email").values_list("user__email", flat=True))


def drafts_due_for_reminder(*, first_day: dt.date, last_day: dt.date) -> QuerySet[Application]:
    """Drafts of open schemes closing between the two days, not reminded yet."""
    return (
        Application.objects.filter(
            status=Status.DRAFT,
            reminder_sent_at__isnull=True,
            scheme__status="open",
            scheme__closes_on__gte=first_day,
            scheme__closes_on__lte=last_day,
        )
        .select_related("scheme")
        .order_by("pk")
    )


# The sweep (send_missing_transition_mails) looks this far back.
TRANSITION_MAIL_SWEEP_DAYS = 7


def transition_mail_unsent_since(*, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the oldest status change whose mail the sweep still has to send was made."""
    since = (now or timezone.now()) - dt.timedelta(days=TRANSITION_MAIL_SWEEP_DAYS)
    return Transition.objects.filter(mailed_at__isnull=True, created_at__gte=since).aggregate(
        oldest=Min("created_at")
    )["oldest"]
