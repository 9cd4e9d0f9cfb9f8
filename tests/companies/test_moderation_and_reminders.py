"""Moderation by city staff, the audit trail, monthly reminders and the staff dashboard."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from companies.models import AuditEntry, Company, PostingReminder
from companies.services import posting_reminders_send
from tests.companies.factories import CompanyFactory, MembershipFactory, PostFactory, add_photos
from tests.conftest import ADMIN

pytestmark = pytest.mark.django_db


def test_city_staff_unpublish_with_a_reason_the_company_sees(client, staff, editor, company):
    post = PostFactory(company=company, title="問題のある記事")
    add_photos(post, 1)
    client.force_login(staff)
    response = client.post(
        f"/companies/{company.slug}/posts/{post.pk}/unpublish/",
        {"reason": "個人が特定できる写真が含まれています。"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == "unpublished" and post.moderated_by == staff
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404
    assert "問題のある記事" not in client.get("/companies/posts/").content.decode()
    client.force_login(editor)
    for url in (
        post.get_absolute_url(),
        f"/companies/{company.slug}/posts/{post.pk}/edit/",
        f"/companies/{company.slug}/posts/manage/",
    ):
        assert "個人が特定できる写真が含まれています。" in client.get(url).content.decode(), url
    entry = AuditEntry.objects.get(post=post, action="post_unpublished")
    assert entry.actor == staff and "個人が特定" in entry.detail


def test_unpublishing_needs_a_reason(client, staff, company):
    post = PostFactory(company=company)
    client.force_login(staff)
    response = client.post(
        f"/companies/{company.slug}/posts/{post.pk}/unpublish/", {"reason": "  "}, follow=True
    )
    assert "理由を書いてください" in response.content.decode()
    post.refresh_from_db()
    assert post.status == "published"


@pytest.mark.parametrize("role", ["anonymous", "visitor", "editor", "owner", "member"])
def test_only_city_staff_unpublish(client_for_role, role, company):
    post = PostFactory(company=company)
    response = client_for_role(role).post(
        f"/companies/{company.slug}/posts/{post.pk}/unpublish/", {"reason": "x"}
    )
    assert response.status_code in (302, 404)
    post.refresh_from_db()
    assert post.status == "published"


def test_owners_read_the_audit_trail_editors_do_not(client, owner, editor, company, staff):
    post = PostFactory(company=company, status="draft", publish_at=None, title="記録される記事")
    add_photos(post, 1)
    from companies.services import post_publish, post_unpublish

    post_publish(post=post, actor=editor)
    post_unpublish(post=post, actor=staff, reason="確認のため")
    client.force_login(owner)
    page = client.get(f"/companies/{company.slug}/audit/").content.decode()
    assert "記事公開" in page and "記事非公開(事務局)" in page and "確認のため" in page
    assert "記録される記事" in page and str(editor) in page
    client.force_login(editor)
    assert client.get(f"/companies/{company.slug}/audit/").status_code == 404
    other = CompanyFactory()
    client.force_login(owner)
    assert client.get(f"/companies/{other.slug}/audit/").status_code == 404


def test_the_audit_trail_is_read_only_in_the_admin(client, staff, company):
    post = PostFactory(company=company)
    AuditEntry.objects.create(company=company, action="post_published", subject="x", post=post)
    client.force_login(staff)
    assert client.get(f"{ADMIN}companies/auditentry/").status_code == 200
    entry = AuditEntry.objects.get()
    response = client.post(f"{ADMIN}companies/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# --- reminders ------------------------------------------------------------------------------


def quiet_company(**kwargs):
    company = CompanyFactory(**kwargs)
    Company.objects.filter(pk=company.pk).update(created_at=timezone.now() - timedelta(days=90))
    MembershipFactory(company=company, role="owner")
    return company


def test_the_monthly_reminder_goes_to_quiet_companies_once_a_month():
    quiet = quiet_company(name="静か工業")
    busy = quiet_company(name="元気製作所")
    PostFactory(company=busy, publish_at=timezone.now() - timedelta(days=3))
    off = quiet_company(name="通知なし", posting_reminders=False)
    PostFactory(company=quiet, publish_at=timezone.now() - timedelta(days=45))
    assert posting_reminders_send() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [quiet.memberships.get().user.email]
    assert "静か工業" in message.subject
    assert f"/companies/{quiet.slug}/posts/new/" in message.body
    assert "30日" in message.body and "30 days" in message.body
    # A second run in the same month sends nothing more.
    assert posting_reminders_send() == 0
    assert len(mail.outbox) == 1
    assert PostingReminder.objects.filter(company=quiet).count() == 1
    assert not PostingReminder.objects.filter(company__in=[busy, off]).exists()
    # Next month both are quiet (the busy one's post is 35 days old); reminders off stays off.
    assert posting_reminders_send(now=timezone.now() + timedelta(days=32)) == 2
    assert not PostingReminder.objects.filter(company=off).exists()


def test_the_reminder_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["companies-posting-reminders"]
    assert entry["task"] == "companies.tasks.send_posting_reminders"
    from ayase_portal.celery import app

    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_owners_switch_the_reminder_off_in_the_profile(client, owner, company):
    client.force_login(owner)
    from tests.companies.test_profile_and_members import profile_data

    data = profile_data()
    data.pop("posting_reminders")
    client.post(f"/companies/{company.slug}/edit/", data)
    company.refresh_from_db()
    assert company.posting_reminders is False


# --- dashboard ------------------------------------------------------------------------------


def test_the_staff_dashboard_counts_posts_per_company_and_month(client, staff):
    a = CompanyFactory(name="甲工業", name_kana="あ")
    b = CompanyFactory(name="乙製作所", name_kana="い")
    now = timezone.now()
    PostFactory.create_batch(3, company=a, publish_at=now - timedelta(hours=2))
    PostFactory(company=a, status="draft", publish_at=None)
    client.force_login(staff)
    page = client.get("/companies/dashboard/").content.decode()
    assert "甲工業" in page and "乙製作所" in page
    row_a = page[page.index("甲工業") : page.index("乙製作所")]
    assert '<td class="text-end fw-bold">3</td>' in row_a
    assert "table-warning" in page[page.index("甲工業") :]  # b has posted nothing
    assert b.name in page


@pytest.mark.parametrize("role", ["anonymous", "visitor", "editor", "owner", "member"])
def test_the_dashboard_is_for_city_staff(client_for_role, role):
    assert client_for_role(role).get("/companies/dashboard/").status_code in (302, 404)
