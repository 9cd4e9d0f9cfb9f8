"""Recruiting exhibitors: the call, a company owner's application, city staff's decision, the
mails of each step, and who may do what."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone

from openfactory.errors import RecruitmentError
from openfactory.models import Exhibitor, ExhibitorApplication, RecruitmentStep
from openfactory.services import recruitment as services
from tests.companies.factories import CompanyFactory
from tests.openfactory.factories import AreaDayFactory, ExhibitorFactory
from tests.openfactory.recruitment_factories import (
    PDF,
    ExhibitorApplicationFactory,
    ExhibitorCallFactory,
)

pytestmark = pytest.mark.django_db

DATA = {
    "shows": "ＮＣ旋盤による精密加工",
    "programme_ideas": "工場見学\n名札づくり体験",
    "step_free": "yes",
    "accessible_toilet": "unknown",
    "accessibility_notes": "2階の見学通路は階段のみ",
    "contact_name": " 綾瀬 花子 ",
    "contact_email": "hanako@example.jp",
    "contact_phone": "0467-70-1234",
}


@pytest.fixture
def call(db):
    return ExhibitorCallFactory()


@pytest.fixture
def area_day(call):
    return AreaDayFactory(edition=call.edition)


def submit(call, company, area_day, owner, **data):
    return services.application_submit(
        call=call, company=company, area_day=area_day, data={**DATA, **data}, actor=owner
    )


# --- Services -----------------------------------------------------------------------------


def test_an_owner_applies_and_the_text_is_normalised(call, area_day, company, owner, staff):
    application = submit(call, company, area_day, owner)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.shows == "NC旋盤による精密加工"
    assert application.contact_name == "綾瀬 花子"
    assert application.submitted_by == owner
    step = application.steps.get()
    assert (step.kind, step.actor) == ("submitted", owner)


def test_an_editor_cannot_apply(call, area_day, company, editor):
    with pytest.raises(RecruitmentError) as error:
        submit(call, company, area_day, editor)
    assert error.value.code == "forbidden"
    assert not ExhibitorApplication.objects.exists()


def test_after_the_deadline_no_application_is_taken(call, area_day, company, owner):
    call.deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    with pytest.raises(RecruitmentError) as error:
        submit(call, company, area_day, owner)
    assert error.value.code == "closed"
    assert not ExhibitorApplication.objects.exists()


def test_a_closed_call_takes_no_application(call, area_day, company, owner):
    call.is_open = False
    call.save()
    with pytest.raises(RecruitmentError):
        submit(call, company, area_day, owner)


def test_one_application_per_company_and_edition(call, area_day, company, owner):
    submit(call, company, area_day, owner)
    with pytest.raises(RecruitmentError) as error:
        submit(call, company, area_day, owner, shows="別の展示")
    assert error.value.code == "duplicate"
    assert ExhibitorApplication.objects.count() == 1


def test_the_database_refuses_a_second_application(call, area_day, company):
    ExhibitorApplicationFactory(call=call, company=company, area_day=area_day)
    with pytest.raises(IntegrityError):
        ExhibitorApplicationFactory(call=call, company=company, area_day=area_day)


def test_a_day_of_another_edition_is_refused(call, company, owner):
    with pytest.raises(RecruitmentError) as error:
        submit(call, company, AreaDayFactory(), owner)
    assert error.value.field == "area_day"


def test_accepting_creates_the_exhibitor_once(call, area_day, company, owner, staff):
    application = submit(call, company, area_day, owner)
    exhibitor = services.application_accept(application=application, actor=staff)
    assert (exhibitor.area_day, exhibitor.company) == (area_day, company)
    assert exhibitor.shows == application.shows
    application.refresh_from_db()
    assert application.status == "accepted"
    assert (application.reviewed_by, application.exhibitor) == (staff, exhibitor)
    assert application.reviewed_at is not None
    with pytest.raises(RecruitmentError) as error:
        services.application_accept(application=application, actor=staff)
    assert error.value.code == "reviewed"
    assert Exhibitor.objects.count() == 1


def test_the_accepted_booth_tells_visitors_what_the_application_told_of_access(
    client, call, area_day, company, owner, staff
):
    application = submit(
        call,
        company,
        area_day,
        owner,
        step_free="yes",
        accessible_toilet="no",
        accessibility_notes="入口に段差が2段あります。係員がお手伝いします。",
    )
    exhibitor = services.application_accept(application=application, actor=staff)
    facts = exhibitor.accessibility
    assert (facts.step_free, facts.accessible_toilet) == ("yes", "no")
    assert (facts.parking, facts.pushchairs) == ("unknown", "unknown")
    assert facts.note == "入口に段差が2段あります。係員がお手伝いします。"
    # The area day's step-free filter finds the new booth.
    area_day.edition.is_published = True
    area_day.edition.save()
    page = client.get(area_day.get_absolute_url() + "?step_free=1").content.decode()
    assert company.name in page


def test_accepting_refuses_when_the_company_exhibits_already(call, area_day, company, owner, staff):
    application = submit(call, company, area_day, owner)
    ExhibitorFactory(area_day=area_day, company=company)
    with pytest.raises(RecruitmentError) as error:
        services.application_accept(application=application, actor=staff)
    assert error.value.code == "exhibitor_exists"
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not RecruitmentStep.objects.filter(kind="accepted").exists()


def test_a_company_cannot_accept_its_own_application(call, area_day, company, owner):
    application = submit(call, company, area_day, owner)
    with pytest.raises(RecruitmentError) as error:
        services.application_accept(application=application, actor=owner)
    assert error.value.code == "forbidden"
    assert not Exhibitor.objects.exists()


def test_declining_needs_a_message_and_records_it(call, area_day, company, owner, staff):
    application = submit(call, company, area_day, owner)
    with pytest.raises(RecruitmentError) as error:
        services.application_decline(application=application, actor=staff, message="  ")
    assert error.value.field == "message"
    services.application_decline(application=application, actor=staff, message="定員に達しました")
    application.refresh_from_db()
    assert (application.status, application.decision_message) == ("declined", "定員に達しました")
    assert application.steps.get(kind="declined").actor == staff
    assert not Exhibitor.objects.exists()


def test_the_owner_edits_until_reviewed(call, area_day, company, owner, staff):
    application = submit(call, company, area_day, owner)
    services.application_update(
        application=application, area_day=area_day, data={**DATA, "shows": "溶接"}, actor=owner
    )
    application.refresh_from_db()
    assert application.shows == "溶接"
    services.application_decline(application=application, actor=staff, message="今回は見送り")
    with pytest.raises(RecruitmentError) as error:
        services.application_update(
            application=application, area_day=area_day, data=DATA, actor=owner
        )
    assert error.value.code == "reviewed"


# --- Mails ----------------------------------------------------------------------------------


def test_each_step_mails_once_on_commit(
    call, area_day, company, owner, staff, django_capture_on_commit_callbacks, settings
):
    settings.OPENFACTORY_RECRUITMENT_EMAIL = ""
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(call, company, area_day, owner)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert company.name in mail.outbox[0].body
    assert "出展の応募がありました" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, actor=staff, message="ようこそ")
    assert [m.to for m in mail.outbox[1:]] == [[owner.email]]
    body = mail.outbox[1].body
    assert "ようこそ" in body and "has been accepted" in body  # Japanese, then English
    assert body.index("採択しました") < body.index("has been accepted")
    # A task run twice sends one mail.
    step = application.steps.get(kind="accepted")
    assert services.recruitment_mail_send(step_id=step.pk) is False
    assert len(mail.outbox) == 2


def test_the_committee_address_gets_new_applications(
    call, area_day, company, owner, staff, django_capture_on_commit_callbacks, settings
):
    settings.OPENFACTORY_RECRUITMENT_EMAIL = "jimukyoku@example.jp"
    with django_capture_on_commit_callbacks(execute=True):
        submit(call, company, area_day, owner)
    assert [m.to for m in mail.outbox] == [["jimukyoku@example.jp"]]


def test_a_refusal_mails_the_owners_only(
    call, area_day, company, owner, editor, staff, django_capture_on_commit_callbacks
):
    application = ExhibitorApplicationFactory(call=call, company=company, area_day=area_day)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(application=application, actor=staff, message="見送り")
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "見送り" in mail.outbox[0].body


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    call, area_day, company, owner, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RecruitmentError),
    ):
        submit(call, company, area_day, owner, shows="")
    assert callbacks == [] and mail.outbox == []


# --- Pages --------------------------------------------------------------------------------


def apply_url(company):
    return f"/openfactory/recruitment/{company.slug}/"


def form_data(area_day, **data):
    return {**DATA, "area_day": str(area_day.pk), **data}


def test_the_company_page_shows_the_call_to_its_staff_only(
    client, call, area_day, company, owner, editor, visitor
):
    client.force_login(owner)
    page = client.get(company.get_absolute_url()).content.decode()
    assert "Read the call and apply" in page or "募集要項を読んで応募" in page
    assert apply_url(company) in page
    client.force_login(editor)
    page = client.get(company.get_absolute_url()).content.decode()
    assert apply_url(company) in page
    client.force_login(visitor)
    assert apply_url(company) not in client.get(company.get_absolute_url()).content.decode()
    client.logout()
    assert apply_url(company) not in client.get(company.get_absolute_url()).content.decode()


def test_an_editor_reads_the_call_and_is_told_only_owners_apply(
    client, call, area_day, company, editor
):
    client.force_login(editor)
    response = client.get(apply_url(company))
    page = response.content.decode()
    assert call.benefits in page
    assert response.context["form"] is None
    assert not response.context["can_apply"]
    response = client.post(apply_url(company), form_data(area_day), follow=True)
    assert not ExhibitorApplication.objects.exists()


def test_an_owner_applies_and_sees_the_status(client, call, area_day, company, owner):
    client.force_login(owner)
    response = client.post(apply_url(company), form_data(area_day))
    assert response.status_code == 302
    application = ExhibitorApplication.objects.get()
    assert application.company == company
    page = client.get(apply_url(company)).content.decode()
    assert application.get_status_display() in page


def test_a_second_company_page_cannot_reach_another_application(
    client, call, area_day, company, owner
):
    other = CompanyFactory()
    theirs = ExhibitorApplicationFactory(
        call=call, company=other, area_day=area_day, shows="秘密の展示"
    )
    client.force_login(owner)
    assert client.get(apply_url(other)).status_code == 404
    assert client.post(apply_url(other), form_data(area_day, shows="書き換え")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.shows == "秘密の展示"


def test_what_was_typed_is_kept_on_an_error(client, call, area_day, company, owner):
    client.force_login(owner)
    response = client.post(
        apply_url(company), form_data(area_day, shows="", programme_ideas="ねじ作り体験")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ねじ作り体験" in page
    assert response.context["form"].errors["shows"]
    assert not ExhibitorApplication.objects.exists()


def test_after_the_deadline_the_form_says_so_and_keeps_the_text(
    client, call, area_day, company, owner
):
    client.force_login(owner)
    call.deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    response = client.post(apply_url(company), form_data(area_day, programme_ideas="ねじ作り体験"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ねじ作り体験" in page
    assert response.context["form"].non_field_errors()
    assert not ExhibitorApplication.objects.exists()


def test_a_reviewed_application_is_not_changed_and_the_owner_is_told(
    client, call, area_day, company, owner
):
    ExhibitorApplicationFactory(
        call=call,
        company=company,
        area_day=area_day,
        status="declined",
        reviewed_at=timezone.now(),
    )
    client.force_login(owner)
    response = client.post(apply_url(company), form_data(area_day), follow=True)
    assert "審査済みのため、変更できません" in response.content.decode()
    assert ExhibitorApplication.objects.get().status == "declined"


def test_the_public_edition_page_lists_the_call_without_the_manual(client, call):
    call.manual.save("manual.pdf", ContentFile(PDF))
    page = client.get(call.edition.get_absolute_url()).content.decode()
    assert call.benefits in page
    assert "exhibitor-manual.pdf" not in page


@pytest.mark.parametrize(
    "role,status",
    [
        ("anonymous", 302),
        ("visitor", 404),
        ("member", 404),
        ("editor", 200),
        ("owner", 200),
        ("staff", 200),
    ],
)
def test_the_manual_is_for_company_and_city_staff(client_for_role, call, role, status):
    call.manual.save("manual.pdf", ContentFile(PDF))
    response = client_for_role(role).get(f"/openfactory/{call.edition.year}/exhibitor-manual.pdf")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")


def test_the_admin_refuses_a_manual_that_is_not_a_pdf(client, staff, call):
    from openfactory.admin_recruitment import ExhibitorCallForm

    form = ExhibitorCallForm(
        data={
            "edition": call.edition.pk,
            "benefits": "a",
            "duties": "b",
            "deadline_0": "2040-01-01",
            "deadline_1": "10:00",
            "is_open": "on",
        },
        files={"manual": ContentFile(b"<html>not a pdf</html>", name="manual.pdf")},
        instance=call,
    )
    assert not form.is_valid()
    assert "manual" in form.errors


def test_staff_accept_in_the_admin(
    client, staff, call, area_day, company, django_capture_on_commit_callbacks
):
    application = ExhibitorApplicationFactory(call=call, company=company, area_day=area_day)
    client.force_login(staff)
    url = "/admin/openfactory/exhibitorapplication/"
    data = {"action": "accept", "_selected_action": [str(application.pk)], "index": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
        client.post(url, data)  # twice: one exhibitor
    assert Exhibitor.objects.filter(company=company, area_day=area_day).count() == 1
    application.refresh_from_db()
    assert application.status == "accepted"


def test_staff_decline_in_the_admin_with_a_message(client, staff, call, area_day, company):
    application = ExhibitorApplicationFactory(call=call, company=company, area_day=area_day)
    client.force_login(staff)
    url = "/admin/openfactory/exhibitorapplication/"
    data = {"action": "decline", "_selected_action": [str(application.pk)], "index": "0"}
    page = client.post(url, data)
    html = page.content.decode()
    assert page.status_code == 200 and '<textarea name="message"' in html
    assert f'name="_selected_action" value="{application.pk}"' in html
    client.post(url, {**data, "apply": "1", "message": "今回は見送り"})
    application.refresh_from_db()
    assert (application.status, application.decision_message) == ("declined", "今回は見送り")


# --- Queries ------------------------------------------------------------------------------


def test_the_application_page_runs_a_constant_number_of_queries(
    client, call, area_day, company, owner, django_assert_max_num_queries
):
    for _ in range(5):
        AreaDayFactory(edition=call.edition)
    ExhibitorApplicationFactory(call=call, company=company, area_day=area_day)
    client.force_login(owner)
    client.get(apply_url(company))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(apply_url(company))
    for _ in range(5):
        AreaDayFactory(edition=call.edition)
    with CaptureQueriesContext(connection) as second:
        client.get(apply_url(company))
    assert len(first) == len(second)
    with django_assert_max_num_queries(len(first)):
        client.get(apply_url(company))


# --- Demo data ----------------------------------------------------------------------------


def test_the_demo_opens_a_call_for_its_coming_edition():
    from openfactory import demo
    from openfactory.models import Edition, ExhibitorCall

    demo.load()
    call = ExhibitorCall.objects.get()
    assert call.edition == Edition.objects.filter(is_demo=True).latest("year")
    assert call.is_demo and call.takes_applications()
    demo.load()
    assert ExhibitorCall.objects.count() == 1


def test_the_edition_page_reads_the_call_in_one_query(client, call, django_assert_num_queries):
    for _ in range(3):
        AreaDayFactory(edition=call.edition)
    # the edition, its days, its call
    with django_assert_num_queries(3):
        page = client.get(call.edition.get_absolute_url()).content.decode()
    assert "出展企業を募集しています" in page


def test_the_call_costs_the_company_page_no_query_more(client, company, owner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(owner)
    client.get(company.get_absolute_url())
    with CaptureQueriesContext(connection) as without:
        client.get(company.get_absolute_url())
    ExhibitorCallFactory()
    with CaptureQueriesContext(connection) as with_call:
        page = client.get(company.get_absolute_url()).content.decode()
    assert "募集要項を読んで応募" in page
    assert len(with_call) == len(without)  # the call is looked for either way


def test_an_application_is_sent_not_answered():
    """The admin's column reads 応募日時 for applications; surveys keep their 回答日時."""
    from django.utils import translation

    from openfactory.models import Response

    with translation.override("ja"):
        assert str(ExhibitorApplication._meta.get_field("submitted_at").verbose_name) == "応募日時"
        assert str(Response._meta.get_field("submitted_at").verbose_name) == "回答日時"
