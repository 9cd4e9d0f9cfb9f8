"""The application workflow: only its steps, by the right people, each recorded and mailed."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from talent.errors import DeadlineError, TalentError, TransitionNotAllowed
from talent.models import Application, Transition
from talent.services import applications as services
from talent.services.mails import deadline_reminders_send, transition_mail_send
from tests.companies.factories import MembershipFactory
from tests.talent.factories import ApplicationFactory, SchemeFactory, by_kind, complete_answers

pytestmark = pytest.mark.django_db
S = Application.Status


def _submit(draft, owner, **kwargs):
    complete_answers(draft)
    return services.application_submit(application=draft, actor=owner, **kwargs)


def _refresh(application):
    application.refresh_from_db()
    return application


def test_the_whole_way_to_approval_is_recorded_with_who_and_when(
    draft, owner, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(draft, owner)
        services.application_review(application=draft, actor=staff, to_status=S.IN_REVIEW)
        services.application_review(
            application=draft, actor=staff, to_status=S.APPROVED, amount=195000
        )
    draft = _refresh(draft)
    assert draft.status == S.APPROVED
    assert draft.amount_granted == 195000
    steps = list(draft.transitions.values_list("from_status", "to_status", "actor"))
    assert steps == [
        (S.DRAFT, S.SUBMITTED, owner.pk),
        (S.SUBMITTED, S.IN_REVIEW, staff.pk),
        (S.IN_REVIEW, S.APPROVED, staff.pk),
    ]
    assert all(t.created_at and t.mailed_at for t in draft.transitions.all())


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.DRAFT, S.APPROVED),
        (S.DRAFT, S.IN_REVIEW),
        (S.SUBMITTED, S.APPROVED),
        (S.SUBMITTED, S.RETURNED),
        (S.APPROVED, S.REJECTED),
        (S.REJECTED, S.IN_REVIEW),
        (S.APPROVED, S.RETURNED),
    ],
)
def test_steps_outside_the_workflow_are_refused(draft, staff, start, to):
    Application.objects.filter(pk=draft.pk).update(
        status=start, submitted_at=None if start == S.DRAFT else timezone.now()
    )
    with pytest.raises(TransitionNotAllowed):
        services.application_review(
            application=draft, actor=staff, to_status=to, amount=1, comment="x"
        )
    assert _refresh(draft).status == start
    assert not Transition.objects.exists()


def test_a_company_can_never_review_its_own_application(draft, owner, editor):
    _submit(draft, owner)
    for user in (owner, editor):
        for to in (S.IN_REVIEW, S.APPROVED):
            with pytest.raises(TransitionNotAllowed):
                services.application_review(
                    application=draft, actor=user, to_status=to, amount=1000000
                )
    assert _refresh(draft).status == S.SUBMITTED


def test_city_staff_who_belong_to_the_company_cannot_review_it(draft, owner, staff):
    MembershipFactory(user=staff, company=draft.company, role="editor")
    _submit(draft, owner)
    with pytest.raises(TransitionNotAllowed):
        services.application_review(application=draft, actor=staff, to_status=S.IN_REVIEW)


def test_an_editor_drafts_but_only_an_owner_submits(draft, editor, owner):
    complete_answers(draft)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.application_submit(application=draft, actor=editor)
    assert refused.value.code == "owner_only"
    services.application_submit(application=draft, actor=owner)
    assert _refresh(draft).status == S.SUBMITTED


def test_a_returned_application_keeps_its_answers_and_attachments(draft, owner, staff):
    _submit(draft, owner)
    answers = dict(_refresh(draft).answers)
    files = list(draft.attachments.values_list("pk", flat=True))
    services.application_review(application=draft, actor=staff, to_status=S.IN_REVIEW)
    amount = by_kind(draft.scheme)["amount"].name
    services.application_review(
        application=draft,
        actor=staff,
        to_status=S.RETURNED,
        field_comments={amount: "家賃は契約書の金額にしてください", "phone": ""},
    )
    draft = _refresh(draft)
    assert draft.status == S.RETURNED
    assert draft.answers == answers
    assert list(draft.attachments.values_list("pk", flat=True)) == files
    assert draft.transitions.last().field_comments == {amount: "家賃は契約書の金額にしてください"}
    services.application_save(application=draft, actor=owner, values={amount: "62000"})
    services.application_submit(application=draft, actor=owner)
    draft = _refresh(draft)
    assert draft.status == S.SUBMITTED
    assert draft.answers[amount] == "62000"
    assert draft.answers[by_kind(draft.scheme)["text"].name] == "山田 花子"


def test_a_return_needs_a_comment_and_an_approval_an_amount(draft, owner, staff):
    _submit(draft, owner)
    services.application_review(application=draft, actor=staff, to_status=S.IN_REVIEW)
    with pytest.raises(TalentError) as no_comment:
        services.application_review(application=draft, actor=staff, to_status=S.RETURNED)
    assert no_comment.value.field == "comment"
    with pytest.raises(TalentError) as no_amount:
        services.application_review(application=draft, actor=staff, to_status=S.APPROVED)
    assert no_amount.value.field == "amount"
    with pytest.raises(TalentError) as no_reason:
        services.application_review(application=draft, actor=staff, to_status=S.REJECTED)
    assert no_reason.value.field == "comment"
    assert _refresh(draft).status == S.IN_REVIEW


def test_a_submitted_application_cannot_be_changed_by_the_company(draft, owner):
    _submit(draft, owner)
    with pytest.raises(TransitionNotAllowed):
        services.application_save(application=draft, actor=owner, values={"address": "x"})
    assert _refresh(draft).address != "x"


def test_a_missing_required_answer_is_named(draft, owner):
    complete_answers(draft)
    draft.attachments.all().delete()
    with pytest.raises(TalentError) as missing:
        services.application_submit(application=draft, actor=owner)
    assert missing.value.field == by_kind(draft.scheme)["file"].name
    assert _refresh(draft).status == S.DRAFT


# --- Deadlines -------------------------------------------------------------------------------


def test_no_submission_after_the_period_closes(draft, owner, scheme):
    scheme.closes_on = timezone.localdate() - dt.timedelta(days=1)
    scheme.save()
    complete_answers(draft)
    with pytest.raises(DeadlineError) as closed:
        services.application_submit(application=draft, actor=owner)
    assert "ended on" in closed.value.message or "終了" in closed.value.message
    assert _refresh(draft).status == S.DRAFT


def test_the_last_day_of_the_period_still_takes_submissions(draft, owner, scheme):
    scheme.closes_on = timezone.localdate()
    scheme.save()
    _submit(draft, owner)
    assert _refresh(draft).status == S.SUBMITTED


def test_a_returned_application_is_resubmitted_after_the_period(draft, owner, staff, scheme):
    _submit(draft, owner)
    services.application_review(application=draft, actor=staff, to_status=S.IN_REVIEW)
    services.application_review(application=draft, actor=staff, to_status=S.RETURNED, comment="x")
    scheme.closes_on = timezone.localdate() - dt.timedelta(days=3)
    scheme.save()
    services.application_submit(application=_refresh(draft), actor=owner)
    assert _refresh(draft).status == S.SUBMITTED


def test_a_closed_scheme_starts_no_draft(scheme, company, owner):
    scheme.status = scheme.Status.CLOSED
    scheme.save()
    with pytest.raises(DeadlineError):
        services.application_start(scheme=scheme, company=company, actor=owner)
    assert not Application.objects.exists()


def test_a_draft_is_reminded_once_a_week_before_the_deadline(scheme, draft, company, editor):
    scheme.closes_on = timezone.localdate() + dt.timedelta(days=7)
    scheme.save()
    far = ApplicationFactory(
        scheme=SchemeFactory(closes_on=timezone.localdate() + dt.timedelta(days=30)),
        company=company,
    )
    submitted_one = ApplicationFactory(
        scheme=scheme, company=company, status=S.SUBMITTED, submitted_at=timezone.now()
    )
    assert deadline_reminders_send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [draft.company.memberships.get(role="owner").user.email, editor.email]
    )
    assert "1週間" in mail.outbox[0].subject or "week" in mail.outbox[0].subject
    mail.outbox.clear()
    assert deadline_reminders_send() == 0
    assert deadline_reminders_send(today=timezone.localdate() + dt.timedelta(days=1)) == 0
    assert not mail.outbox
    assert _refresh(far).reminder_sent_at is None
    assert _refresh(submitted_one).reminder_sent_at is None


# --- Mails -----------------------------------------------------------------------------------


def test_each_step_mails_once_in_the_companys_language(draft, owner, staff):
    draft.language = "en"
    draft.save()
    _submit(draft, owner, language="en")
    submitted = draft.transitions.get()
    assert transition_mail_send(transition_id=submitted.pk)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "申請" in mail.outbox[0].subject  # city staff read Japanese
    mail.outbox.clear()
    review = services.application_review(application=draft, actor=staff, to_status=S.IN_REVIEW)
    assert transition_mail_send(transition_id=review.pk)
    assert not transition_mail_send(transition_id=review.pk)  # run twice, sent once
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "review" in mail.outbox[0].subject
    assert draft.get_absolute_url() in mail.outbox[0].body
