"""City staff build each programme's application form in the admin, without code."""

import pytest

from talent import demo_schemes as demo
from talent.models import FormField, Scheme
from tests.conftest import ADMIN
from tests.html_forms import form_data
from tests.talent.factories import ApplicationFactory, by_kind

pytestmark = pytest.mark.django_db


def test_staff_build_a_form_and_companies_see_it(client, staff, owner, company):
    client.force_login(staff)
    page = client.get(f"{ADMIN}talent/scheme/add/")
    data = form_data(page.content.decode(), "scheme_form")
    data.update(
        {
            "title": "逆疎開採用事業",
            "title_en": "Hiring from the regions",
            "slug": "reverse",
            "summary": "地方の人材の採用を支援します。",
            "status": "open",
            "order": "1",
            "fields-TOTAL_FORMS": "3",
            "fields-0-order": "1",
            "fields-0-kind": "amount",
            "fields-0-label": "出展費用",
            "fields-0-label_en": "Cost",
            "fields-0-help_text": "税込",
            "fields-0-required": "on",
            "fields-1-order": "2",
            "fields-1-kind": "choice",
            "fields-1-label": "地域",
            "fields-1-choices": "東北 | Tohoku\n九州 | Kyushu",
            "fields-2-order": "3",
            "fields-2-kind": "file",
            "fields-2-label": "見積書",
        }
    )
    response = client.post(f"{ADMIN}talent/scheme/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    scheme = Scheme.objects.get(slug="reverse")
    assert list(scheme.fields.values_list("kind", flat=True)) == ["amount", "choice", "file"]

    client.force_login(owner)
    client.post(f"/talent/programmes/{scheme.slug}/apply/")
    page = client.get("/talent/applications/").content.decode()
    assert "逆疎開採用事業" in page
    form_page = client.get(scheme.applications.get().get_absolute_url()).content.decode()
    assert "出展費用" in form_page and "税込" in form_page and "九州" in form_page
    assert 'type="file"' in form_page
    client.cookies["django_language"] = "en"
    english = client.get(scheme.applications.get().get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_a_choice_field_needs_its_choices(client, staff):
    scheme = Scheme.objects.create(slug="s", title="事業", summary="x")
    client.force_login(staff)
    url = f"{ADMIN}talent/scheme/{scheme.pk}/change/"
    data = form_data(client.get(url).content.decode(), "scheme_form")
    data.update({"fields-TOTAL_FORMS": "1", "fields-0-kind": "choice", "fields-0-label": "地域"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert not FormField.objects.exists()


def test_the_admin_refuses_to_delete_an_answered_field(client, staff, scheme):
    field = by_kind(scheme)["text"]
    ApplicationFactory(scheme=scheme, answers={field.name: "山田 花子"})
    client.force_login(staff)
    url = f"{ADMIN}talent/scheme/{scheme.pk}/change/"
    data = form_data(client.get(url).content.decode(), "scheme_form")
    index = next(
        k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(field.pk)
    )
    data[f"fields-{index}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert FormField.objects.filter(pk=field.pk).exists()


def test_the_demo_programmes_are_loaded_once():
    assert demo.load() == ["talent programmes: 5 created, 0 kept"]
    assert demo.load() == ["talent programmes: 0 created, 5 kept"]
    titles = list(Scheme.objects.values_list("title", flat=True))
    assert any("技人国" in t for t in titles)
    assert "逆疎開採用事業" in titles and "あやせ工場社員寮事業" in titles
    rent = Scheme.objects.get(slug="rent-support-for-hires-from-other-regions")
    assert "敷金" in rent.summary and "3か月" in rent.summary
    assert "平成29年4月" in Scheme.objects.get(slug="joint-entrance-ceremony-and-training").summary
    assert all(Scheme.objects.values_list("is_demo", flat=True))
    assert FormField.objects.filter(scheme=rent, kind="amount").count() == 2
