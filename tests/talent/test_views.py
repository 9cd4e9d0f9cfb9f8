"""The talent pages as each role sees them, bad input, files, autosave and isolation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from talent.models import Application, Attachment
from tests.talent.factories import (
    PDF_BYTES,
    ApplicationFactory,
    add_attachment,
    by_kind,
    complete_answers,
    submitted,
)

pytestmark = pytest.mark.django_db
S = Application.Status
ROLES = ["anonymous", "visitor", "editor", "owner", "other_owner", "member", "staff", "superuser"]


@pytest.fixture
def as_role(client, request):
    def get(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return get


def _page_status(as_role, role, path):
    return as_role(role).get(path).status_code


# --- Who sees what ---------------------------------------------------------------------------

EXPECTED = {
    # page: {role: status}; anonymous is sent to log in (302) wherever an account is needed
    "catalogue": dict.fromkeys(ROLES, 200),
    "scheme": dict.fromkeys(ROLES, 200),
    "my list": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "application": {
        "anonymous": 302,
        "visitor": 404,
        "editor": 200,
        "owner": 200,
        "other_owner": 404,
        "member": 404,
        "staff": 200,
        "superuser": 200,
    },
    "attachment": {
        "anonymous": 302,
        "visitor": 404,
        "editor": 200,
        "owner": 200,
        "other_owner": 404,
        "member": 404,
        "staff": 200,
        "superuser": 200,
    },
    "review": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "staff": 200,
        "superuser": 200,
    },
    "dashboard": {**dict.fromkeys(ROLES, 403), "anonymous": 302, "staff": 200, "superuser": 200},
    "reports": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "member": 200,
        "staff": 200,
        "superuser": 200,
    },
    "reports csv": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "member": 200,
        "staff": 200,
        "superuser": 200,
    },
}


def _paths(draft, scheme):
    attachment = add_attachment(draft, by_kind(scheme)["file"])
    return {
        "catalogue": "/talent/",
        "scheme": scheme.get_absolute_url(),
        "my list": "/talent/applications/",
        "application": draft.get_absolute_url(),
        "attachment": attachment.get_absolute_url(),
        "review": draft.get_review_url(),
        "dashboard": "/talent/staff/",
        "reports": "/talent/reports/",
        "reports csv": "/talent/reports/csv/",
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(as_role, role, draft, scheme, other_owner, editor):
    paths = _paths(draft, scheme)
    got = {page: _page_status(as_role, role, path) for page, path in paths.items()}
    assert got == {page: EXPECTED[page][role] for page in paths}


def test_another_company_sees_nothing_of_company_as_applications(
    client, draft, scheme, other_owner
):
    attachment = add_attachment(draft, by_kind(scheme)["file"])
    client.force_login(other_owner)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.post(f"/talent/attachments/{attachment.pk}/delete/").status_code == 404
    assert client.post(draft.get_absolute_url(), {"action": "save"}).status_code == 404
    list_page = client.get("/talent/applications/").content.decode()
    assert draft.company.name not in list_page
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_attachments_have_no_public_url_and_are_served_privately(client, draft, scheme, owner):
    attachment = add_attachment(draft, by_kind(scheme)["file"])
    assert attachment.file.storage.__class__.__name__ == "FileSystemStorage"
    from django.conf import settings

    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    client.force_login(owner)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


# --- Filling in, bad input -------------------------------------------------------------------


def test_apply_fills_in_what_the_company_profile_knows(client, scheme, company, owner):
    company.address = "神奈川県綾瀬市早園1-1-1"
    company.contact_phone = "0467-70-5611"
    company.employees = 42
    company.save()
    client.force_login(owner)
    response = client.post(f"/talent/programmes/{scheme.slug}/apply/")
    application = Application.objects.get()
    assert response.url == application.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert company.name in page and "神奈川県綾瀬市早園1-1-1" in page and 'value="42"' in page
    # Applying again continues the same draft.
    client.post(f"/talent/programmes/{scheme.slug}/apply/")
    assert Application.objects.count() == 1


def test_bad_input_is_named_beside_its_field_and_nothing_typed_is_lost(
    client, draft, scheme, owner
):
    f = by_kind(scheme)
    client.force_login(owner)
    response = client.post(
        draft.get_absolute_url(),
        {
            "action": "submit",
            "company_name": "綾瀬精密工業",
            "address": "綾瀬市",
            "representative": "綾瀬 太郎",
            "phone": "12345",
            f["text"].name: "山田 花子",
            f["amount"].name: "たくさん",
            f["choice"].name: "3",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="たくさん"' in page and 'value="12345"' in page and "山田 花子" in page
    form = response.context["form"]
    assert set(form.errors) >= {"phone", f["amount"].name}
    from tests.site.test_form_summary import summary_links

    assert summary_links(page) == ["id_phone", f"id_{f['amount'].name}"]
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert f["text"].name not in draft.answers  # a refused form stores nothing


def test_zenkaku_amounts_with_commas_are_read(client, draft, scheme, owner):
    f = by_kind(scheme)
    client.force_login(owner)
    client.post(
        draft.get_absolute_url(),
        {"action": "save", f["amount"].name: "１２０，０００", "employees": "２５"},
    )
    draft.refresh_from_db()
    assert draft.answers[f["amount"].name] == "120000"
    assert draft.employees == "25"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_files_are_checked_by_content_not_by_name(client, draft, scheme, owner):
    field = by_kind(scheme)["file"]
    client.force_login(owner)
    html = SimpleUploadedFile("keiyaku.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client.post(draft.get_absolute_url(), {"action": "save", field.name: html})
    assert response.status_code == 200
    assert field.name in response.context["form"].errors
    assert not Attachment.objects.exists()
    image = SimpleUploadedFile("scan.pdf", _png(), "application/pdf")
    client.post(draft.get_absolute_url(), {"action": "save", field.name: image})
    stored = Attachment.objects.get()
    assert stored.content_type == "image/png" and stored.name == "scan.png"


def test_a_closed_period_says_so_beside_the_form(client, draft, scheme, owner):
    import datetime as dt

    from django.utils import timezone

    complete_answers(draft)
    scheme.closes_on = timezone.localdate() - dt.timedelta(days=1)
    scheme.save()
    client.force_login(owner)
    response = client.post(
        draft.get_absolute_url(),
        {
            "action": "submit",
            "company_name": "綾瀬精密工業",
            "address": "綾瀬市",
            "representative": "綾瀬 太郎",
            "phone": "0467-70-5611",
            **dict(draft.answers),
        },
    )
    assert response.status_code == 200
    assert "申請期間" in response.content.decode() or "ended on" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


# --- Autosave --------------------------------------------------------------------------------


def test_autosave_keeps_the_draft_across_a_lost_session(client, draft, scheme, owner):
    f = by_kind(scheme)
    url = f"/talent/applications/{draft.pk}/autosave/"
    client.force_login(owner)
    response = client.post(url, {f["text"].name: "山田 花子", "address": "綾瀬市早園"})
    assert response.status_code == 200 and response.json()["saved_at"]
    client.logout()  # the session times out
    lost = client.post(url, {f["text"].name: "別の名前"})
    assert lost.status_code == 403
    client.force_login(owner)  # signs in again
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "山田 花子" in page and "綾瀬市早園" in page
    assert "別の名前" not in page


def test_autosave_reports_field_errors_and_keeps_the_text(client, draft, scheme, owner):
    f = by_kind(scheme)
    client.force_login(owner)
    response = client.post(f"/talent/applications/{draft.pk}/autosave/", {f["amount"].name: "12万"})
    assert f["amount"].name in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.answers[f["amount"].name] == "12万"


# --- Review, history -------------------------------------------------------------------------


def test_staff_return_with_a_field_comment_and_the_company_sees_it(
    client, draft, scheme, owner, staff
):
    f = by_kind(scheme)
    complete_answers(draft)
    submitted(draft, actor=owner)
    client.force_login(staff)
    assert client.post(draft.get_review_url(), {"to_status": "in_review"}).status_code == 302
    response = client.post(
        draft.get_review_url(),
        {"to_status": "returned", f"comment_{f['amount'].name}": "契約書の金額にしてください"},
    )
    assert response.status_code == 302
    client.force_login(owner)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "契約書の金額にしてください" in page
    assert f'data-comment="{f["amount"].name}"' in page


def test_staff_approval_needs_an_amount_said_beside_the_field(client, draft, owner, staff):
    submitted(draft, actor=owner, status="in_review")
    client.force_login(staff)
    response = client.post(draft.get_review_url(), {"to_status": "approved", "amount": ""})
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    response = client.post(
        draft.get_review_url(), {"to_status": "approved", "amount": "１９５，０００"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.APPROVED and draft.amount_granted == 195000
    client.force_login(owner)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "195,000" in page


def test_the_dashboard_lists_waiting_applications_oldest_first(client, scheme, staff):
    import datetime as dt

    from django.utils import timezone

    from talent.models import Transition

    old = submitted(ApplicationFactory(scheme=scheme, company_name="古い会社"))
    new = submitted(ApplicationFactory(scheme=scheme, company_name="新しい会社"))
    Transition.objects.filter(application=old).update(
        created_at=timezone.now() - dt.timedelta(days=5)
    )
    ApplicationFactory(scheme=scheme, company_name="下書きの会社")
    client.force_login(staff)
    page = client.get("/talent/staff/").content.decode()
    assert page.index("古い会社") < page.index("新しい会社")
    assert "下書きの会社" not in page
    assert scheme.title in page
    assert new.pk


def test_the_history_names_the_fields_city_staff_commented_on(client, draft, scheme, owner, staff):
    from talent.services import applications as services

    f = by_kind(scheme)
    complete_answers(draft)
    submitted(draft, actor=owner, status="in_review")
    services.application_review(
        application=draft,
        actor=staff,
        to_status=S.RETURNED,
        field_comments={f["amount"].name: "金額を直してください", "phone": "代表番号に"},
    )
    client.force_login(owner)
    history = client.get(draft.get_absolute_url()).content.decode().split('id="history"')[1]
    assert "月額家賃: 金額を直してください" in history
    assert "電話番号: 代表番号に" in history


def test_the_english_site_shows_the_english_wording(client, scheme, draft, owner):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    catalogue = client.get("/talent/").content.decode()
    assert scheme.title_en in catalogue and "Talent support" in catalogue
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(draft.get_absolute_url()).content.decode()
    assert by_kind(scheme)["amount"].label_en in page
    assert "Submit the application" in page


def test_the_dashboard_shows_the_people_programmes_sections(client, staff, people):
    client.force_login(staff)
    page = client.get("/talent/staff/").content.decode()
    assert 'id="section-ceremonies"' in page and "あやせ工場合同入社式" in page
    assert 'id="section-dormitories"' in page and "吉岡の家" in page
