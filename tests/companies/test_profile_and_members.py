"""Company profiles, the directory's filters, members and invitations from the company side."""

import io

import pytest
from django.core import mail
from PIL import Image

from accounts.models import Invitation
from companies.models import AuditEntry, Company, Membership
from tests.companies.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "name": "綾瀬製作所",
        "name_kana": "あやせせいさくしょ",
        "summary": "精密板金",
        "industry": "sheet_metal",
        "area": "yoshioka",
        "postal_code": "２５２－１１９２",
        "address": "綾瀬市早園１丁目",
        "founded_year": "1972",
        "employees": "45",
        "technologies": "レーザー加工\n曲げ",
        "products": "装置カバー",
        "certifications": "ISO 9001",
        "website": "https://example.jp",
        "sns_x": "",
        "sns_instagram": "https://instagram.com/ayase",
        "sns_facebook": "",
        "sns_youtube": "",
        "contact_phone": "０４６７－７０－５６１１",
        "contact_email": "info@example.jp",
        "contact_note": "総務部",
        "posting_reminders": "on",
    }
    data.update(overrides)
    return data


def png_upload(name="logo.png", size=(600, 300)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 60, 120)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_an_owner_edits_the_profile_normalised(client, owner, company):
    client.force_login(owner)
    url = f"/companies/{company.slug}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, {**profile_data(), "logo_upload": png_upload()})
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.postal_code == "252-1192"
    assert company.contact_phone == "0467705611"
    assert company.address == "綾瀬市早園1丁目"
    assert company.logo.name.endswith(".png")
    with company.logo.open("rb") as handle:
        assert max(Image.open(handle).size) == 512
    page = client.get(company.get_absolute_url()).content.decode()
    assert "〒252-1192 綾瀬市早園1丁目" in page and "レーザー加工" in page
    entry = AuditEntry.objects.get(company=company)
    assert entry.action == "profile_changed" and entry.actor == owner


def test_bad_postal_code_and_phone_are_refused_beside_the_field(client, owner, company):
    client.force_login(owner)
    response = client.post(
        f"/companies/{company.slug}/edit/",
        profile_data(postal_code="12345", contact_phone="123", name_kana="ayase工業"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "7桁の郵便番号を入力してください" in body
    assert "電話番号" in body
    assert "ひらがなかカタカナ" in body
    assert 'value="綾瀬市早園１丁目"' in body or "綾瀬市早園1丁目" in body
    company.refresh_from_db()
    assert company.postal_code == ""


def test_a_text_file_as_logo_is_refused(client, owner, company):
    client.force_login(owner)
    fake = io.BytesIO(b"hello, not an image")
    fake.name = "logo.jpg"
    response = client.post(
        f"/companies/{company.slug}/edit/", {**profile_data(), "logo_upload": fake}
    )
    assert response.status_code == 400
    assert "使える写真ではありません" in response.content.decode()
    company.refresh_from_db()
    assert not company.logo


@pytest.mark.parametrize("role", ["anonymous", "visitor", "editor", "member"])
def test_others_cannot_edit_the_profile(client_for_role, role, company):
    response = client_for_role(role).post(f"/companies/{company.slug}/edit/", profile_data())
    assert response.status_code in (302, 404)
    if role == "anonymous":
        assert "/accounts/login/" in response.url
    company.refresh_from_db()
    assert company.name != "綾瀬製作所"


def test_an_owner_of_a_cannot_edit_b(client, owner):
    other = CompanyFactory()
    client.force_login(owner)
    assert client.post(f"/companies/{other.slug}/edit/", profile_data()).status_code == 404
    assert client.get(f"/companies/{other.slug}/members/").status_code == 404


def test_directory_filters_by_industry_area_and_keyword(client):
    CompanyFactory(name="板金屋", industry="sheet_metal", area="yoshioka")
    CompanyFactory(name="樹脂屋", industry="plastics", area="yoshioka", technologies="射出成形")
    CompanyFactory(name="塗装屋", industry="surface", area="hayakawa")
    body = client.get("/companies/?industry=plastics").content.decode()
    assert "樹脂屋" in body and "板金屋" not in body
    body = client.get("/companies/?area=yoshioka").content.decode()
    assert "樹脂屋" in body and "板金屋" in body and "塗装屋" not in body
    body = client.get("/companies/?q=射出").content.decode()
    assert "樹脂屋" in body and "塗装屋" not in body
    # A value that is not a choice is a message, not a 500.
    response = client.get("/companies/?industry=nope&area=%00")
    assert response.status_code == 200


def test_directory_sorts_in_gojuon_order(client):
    CompanyFactory(name="和田工業", name_kana="わだこうぎょう")
    CompanyFactory(name="青木製作所", name_kana="あおきせいさくしょ")
    CompanyFactory(name="加藤鉄工", name_kana="かとうてっこう")
    body = client.get("/companies/").content.decode()
    assert body.index("青木製作所") < body.index("加藤鉄工") < body.index("和田工業")


def test_reserved_slugs_are_refused():
    from django.core.exceptions import ValidationError

    company = Company(name="x", slug="posts")
    with pytest.raises(ValidationError):
        company.full_clean()


# --- members --------------------------------------------------------------------------------


def test_owner_changes_a_role_and_removes_a_member_at_once(client, owner, company):
    editor = MembershipFactory(company=company, role="editor")
    client.force_login(owner)
    page = client.get(f"/companies/{company.slug}/members/").content.decode()
    assert editor.user.email in page
    client.post(f"/companies/{company.slug}/members/{editor.pk}/role/", {"role": "owner"})
    editor.refresh_from_db()
    assert editor.role == "owner"
    client.post(f"/companies/{company.slug}/members/{editor.pk}/remove/")
    assert not Membership.objects.filter(pk=editor.pk).exists()
    actions = list(AuditEntry.objects.filter(company=company).values_list("action", flat=True))
    assert actions == ["member_removed", "role_changed"]
    # The removed person loses access at once.
    company.is_listed = False
    company.save()
    client.force_login(editor.user)
    assert client.get(company.get_absolute_url()).status_code == 404


def test_the_only_owner_cannot_leave_the_company_without_an_owner(client, owner, company):
    membership = Membership.objects.get(user=owner)
    client.force_login(owner)
    response = client.post(
        f"/companies/{company.slug}/members/{membership.pk}/remove/", follow=True
    )
    assert "唯一の管理者" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(f"/companies/{company.slug}/members/{membership.pk}/role/", {"role": "editor"})
    membership.refresh_from_db()
    assert membership.role == "owner"


def test_an_editor_cannot_manage_members(client, editor, company):
    other = MembershipFactory(company=company)
    client.force_login(editor)
    assert client.get(f"/companies/{company.slug}/members/").status_code == 404
    assert client.post(f"/companies/{company.slug}/members/{other.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_an_owner_cannot_touch_another_companys_membership(client, owner, company):
    elsewhere = MembershipFactory()
    client.force_login(owner)
    url = f"/companies/{company.slug}/members/{elsewhere.pk}/remove/"
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_one_person_belongs_to_several_companies(client, editor, company):
    second = CompanyFactory(name="第二工業")
    MembershipFactory(user=editor, company=second, role="owner")
    client.force_login(editor)
    body = client.get("/companies/mine/").content.decode()
    assert company.name in body and "第二工業" in body
    assert client.get(f"/companies/{second.slug}/members/").status_code == 200
    assert client.get(f"/companies/{company.slug}/members/").status_code == 404


# --- invitations ------------------------------------------------------------------------------


def test_city_staff_invite_from_the_company_and_show_a_qr_code(
    client, staff, company, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/companies/{company.slug}/invitations/",
            {"email": "ＳＡＴＯ@example.jp", "role": "owner"},
        )
    invitation = Invitation.objects.get()
    assert invitation.email == "sato@example.jp"
    assert (invitation.company, invitation.company_role) == (company, "owner")
    assert response.url == f"/companies/{company.slug}/invitations/{invitation.pk}/"
    assert len(mail.outbox) == 1
    page = client.get(response.url).content.decode()
    assert invitation.key in page
    assert f"/companies/{company.slug}/invitations/{invitation.pk}/qr.svg" in page
    qr = client.get(f"/companies/{company.slug}/invitations/{invitation.pk}/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content and b"<script" not in qr.content
    assert "no-cache" in qr["Cache-Control"] or "no-store" in qr["Cache-Control"]
    assert AuditEntry.objects.filter(company=company, action="invited").exists()


def test_the_qr_code_decodes_to_the_invitation_link(staff, company):
    import segno
    from django.conf import settings

    from accounts.services import invitation_create

    invitation = invitation_create(
        email="a@example.jp",
        kind="company_staff",
        company=company,
        company_role="editor",
        invited_by=staff,
    )
    url = settings.SITE_URL + invitation.get_absolute_url()
    expected = segno.make(url, error="m")
    assert expected.designator  # the same payload the view encodes; segno has no decoder
    assert len(url) < 200


# The company's owners invite editors and see their invitations: test_owner_invitations.py.
@pytest.mark.parametrize("role", ["anonymous", "visitor", "editor", "member"])
def test_only_city_staff_and_owners_invite_and_see_qr_codes(client_for_role, role, company, staff):
    from accounts.services import invitation_create

    invitation = invitation_create(
        email="b@example.jp",
        kind="company_staff",
        company=company,
        company_role="editor",
        invited_by=staff,
    )
    client = client_for_role(role)
    for url in (
        f"/companies/{company.slug}/invitations/{invitation.pk}/",
        f"/companies/{company.slug}/invitations/{invitation.pk}/qr.svg",
    ):
        assert client.get(url).status_code in (302, 404)
    client.post(
        f"/companies/{company.slug}/invitations/", {"email": "c@example.jp", "role": "owner"}
    )
    assert Invitation.objects.count() == 1


def test_a_duplicate_invitation_is_a_message_beside_the_field(client, staff, company):
    client.force_login(staff)
    data = {"email": "d@example.jp", "role": "editor"}
    client.post(f"/companies/{company.slug}/invitations/", data)
    response = client.post(f"/companies/{company.slug}/invitations/", data)
    assert response.status_code == 400
    assert "有効な招待がすでにあります" in response.content.decode()


def test_accepting_the_invitation_makes_a_member_and_is_audited(client, staff, company):
    from accounts.services import invitation_accept, invitation_create

    invitation = invitation_create(
        email="e@example.jp",
        kind="company_staff",
        company=company,
        company_role="editor",
        invited_by=staff,
    )
    user = invitation_accept(key=invitation.key, name="江藤", password="x-very-long-password")
    assert Membership.objects.get(user=user, company=company).role == "editor"
    assert AuditEntry.objects.filter(company=company, action="member_added").exists()
