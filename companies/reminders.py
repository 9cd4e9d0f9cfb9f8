"""Keeping the blog alive: the monthly posting reminder of quiet companies.

The work of the ``send_posting_reminders`` beat task, apart from ``services`` so that the tasks
module never imports ``services`` (which queues the renditions task): no import cycle.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.mail import compose

from .models import Company, Post

QUIET_DAYS = 30


def companies_due_for_reminder(*, now=None):
    """Listed companies with reminders on, quiet for 30 days, not yet reminded this month."""
    from datetime import timedelta

    now = now or timezone.now()
    since = now - timedelta(days=QUIET_DAYS)
    month = timezone.localtime(now).date().replace(day=1)
    recent = Post.objects.published(now=now).filter(publish_at__gte=since).values("company_id")
    return (
        Company.objects.listed()
        .filter(posting_reminders=True, created_at__lte=since)
        .exclude(pk__in=recent)
        .exclude(reminders__month=month)
        .order_by("pk")
    )


@transaction.atomic
def posting_reminder_send(*, company_id: int, now=None) -> bool:
    """Mail the company's staff once per month; False when already sent or nobody to tell.

    The reminder row is written in the same transaction as the mail is sent: a failed send
    rolls it back so that a retry sends it, and the unique (company, month) row makes a second
    run send nothing.
    """
    from django.conf import settings

    from .models import PostingReminder

    now = now or timezone.now()
    month = timezone.localtime(now).date().replace(day=1)
    company = Company.objects.select_for_update().filter(pk=company_id).first()
    if company is None or not company.posting_reminders:
        return False
    if PostingReminder.objects.filter(company=company, month=month).exists():
        return False
    emails = sorted(
        {
            m.user.email
            for m in company.memberships.select_related("user")
            if m.user.is_active and m.user.email
        }
    )
    PostingReminder.objects.create(company=company, month=month, recipients=len(emails))
    if not emails:
        return False
    last = Post.objects.published(now=now).filter(company=company).order_by("-publish_at").first()
    context = {
        "company": company,
        "last_post": last,
        "new_post_url": settings.SITE_URL
        + reverse("companies:post_create", kwargs={"slug": company.slug}),
        "settings_url": settings.SITE_URL
        + reverse("companies:company_edit", kwargs={"slug": company.slug}),
        "days": QUIET_DAYS,
    }
    for email in emails:
        compose(
            to=[email],
            subject="companies/email/posting_reminder_subject.txt",
            body_template="companies/email/posting_reminder_body.txt",
            context=context,
        ).send()
    return True


def posting_reminders_send(*, now=None) -> int:
    sent = 0
    for company_id in companies_due_for_reminder(now=now).values_list("pk", flat=True):
        sent += posting_reminder_send(company_id=company_id, now=now)
    return sent
