"""The portal's admin site as a whole: every model admin, those to come included."""

import pytest
from django.contrib import admin
from django.urls import reverse

from companies.models import AuditEntry, Post
from openfactory.models import Reservation
from tests.companies.factories import PostFactory, add_photos
from tests.conftest import ADMIN
from tests.openfactory.factories import ReservationFactory

pytestmark = pytest.mark.django_db

MODEL_ADMINS = [ma for ma in admin.site._registry.values() if ma.actions is not None]


def test_the_portal_site_is_the_admin_and_speaks_for_the_committee(client, superuser):
    from ayase_portal.admin import PortalAdminSite

    assert isinstance(admin.site, PortalAdminSite)
    client.force_login(superuser)
    body = client.get(ADMIN).content.decode()
    assert "綾瀬イノベーション推進委員会 ポータル 管理" in body


def test_the_admin_login_is_allauths(client):
    response = client.get(f"{ADMIN}login/?next={ADMIN}")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "model_admin", MODEL_ADMINS, ids=lambda ma: f"{ma.opts.app_label}.{ma.opts.model_name}"
)
@pytest.mark.parametrize("selected", ["abc", "1.5", "\u00b2", "1 OR 1=1", ""])
def test_a_bulk_action_on_something_not_a_row_is_a_400(client, superuser, model_admin, selected):
    client.force_login(superuser)
    opts = model_admin.opts
    response = client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": "delete_selected", "_selected_action": ["1", selected]},
    )
    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in response.content.decode()


def test_a_bulk_action_on_real_rows_still_works(client, superuser):
    client.force_login(superuser)
    post = PostFactory()
    response = client.post(
        f"{ADMIN}companies/post/",
        {"action": "delete_selected", "_selected_action": [str(post.pk)], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


@pytest.mark.parametrize("bulk", [False, True], ids=["delete page", "bulk delete"])
def test_a_superusers_delete_of_a_post_is_audited_and_removes_its_files(
    client, superuser, bulk, django_capture_on_commit_callbacks
):
    post = PostFactory(title="消される記事")
    photo = add_photos(post, 1)[0]
    storage = photo.master.storage
    names = [photo.master.name, photo.rendition_name("card", "jpg")]
    assert all(storage.exists(name) for name in names)
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        if bulk:
            response = client.post(
                f"{ADMIN}companies/post/",
                {"action": "delete_selected", "_selected_action": [post.pk], "post": "yes"},
            )
        else:
            response = client.post(f"{ADMIN}companies/post/{post.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.POST_DELETED)
    assert (entry.company, entry.actor, entry.subject) == (post.company, superuser, "消される記事")
    assert not any(storage.exists(name) for name in names)


@pytest.mark.parametrize("user", ["staff", "superuser"])
def test_no_one_deletes_a_reservation_in_the_admin(client, request, user):
    reservation = ReservationFactory()
    client.force_login(request.getfixturevalue(user))
    url = f"{ADMIN}openfactory/reservation/"
    assert client.get(f"{url}{reservation.pk}/delete/").status_code in (302, 403)
    client.post(f"{url}{reservation.pk}/delete/", {"post": "yes"})
    client.post(
        url, {"action": "delete_selected", "_selected_action": [reservation.pk], "post": "yes"}
    )
    assert Reservation.objects.filter(pk=reservation.pk).exists()
    assert "delete_selected" not in client.get(url).content.decode()


def test_every_autocomplete_field_leaves_a_value_that_is_no_key_to_the_form():
    """core/admin_autocomplete.py: Django's autocomplete widget looked up a hand-typed value
    as it was and answered a 500; every admin and inline with autocomplete fields, those to
    come included, uses the portal's widgets."""
    from core.admin_autocomplete import AutocompleteAdminMixin

    registered = admin.site._registry.values()
    classes = [type(model_admin) for model_admin in registered] + [
        inline for model_admin in registered for inline in model_admin.inlines
    ]
    missing = [
        cls.__name__
        for cls in classes
        if cls.autocomplete_fields and not issubclass(cls, AutocompleteAdminMixin)
    ]
    assert not missing, missing


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("\x00", "使用できないNUL文字が含まれています"),
        ("Infinity", "正しく選択してください"),
        ("一", "正しく選択してください"),
        ("-1.5", "正しく選択してください"),
    ],
)
def test_a_hand_typed_company_in_an_autocomplete_field_is_refused_beside_it(
    client, superuser, value, message
):
    from companies.models import Membership
    from tests.accounts.factories import UserFactory
    from tests.companies.factories import CompanyFactory

    company, user = CompanyFactory(), UserFactory()
    client.force_login(superuser)
    response = client.post(
        reverse("admin:companies_membership_add"),
        {"user": str(user.pk), "company": value, "role": "editor"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Membership.objects.filter(company=company).exists()


def changelist_queries(client, model_admins) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for model_admin in model_admins:
        opts = model_admin.opts
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_no_list_page_of_the_admin_asks_again_for_each_choice_of_its_filters(client, superuser):
    """A list filter shows its choices by their names: an area day's is its area's and its
    date (openfactory.admin_filters). Twenty editions of four areas made 80 queries more on
    five list pages; with more area days, every list page makes the same queries."""
    from tests.openfactory.factories import AreaDayFactory, ExhibitorFactory

    client.force_login(superuser)
    model_admins = list(admin.site._registry.values())
    ExhibitorFactory()
    client.get(ADMIN)  # the session's first request records what it records once
    before = changelist_queries(client, model_admins)
    for _ in range(6):
        ExhibitorFactory(area_day=AreaDayFactory())
    after = changelist_queries(client, model_admins)
    grown = {url: (before[url], after[url]) for url in before if after[url] > before[url]}
    assert grown == {}


def test_the_area_day_filter_names_each_day_and_filters_by_it(client, superuser):
    from tests.openfactory.factories import AreaDayFactory, SlotFactory

    client.force_login(superuser)
    first, second = AreaDayFactory(area__name="早川"), AreaDayFactory(area__name="深谷")
    kept = ReservationFactory(slot=SlotFactory(programme__exhibitor__area_day=first))
    other = ReservationFactory(slot=SlotFactory(programme__exhibitor__area_day=second))
    url = f"{ADMIN}openfactory/reservation/"
    body = client.get(url).content.decode()
    assert str(first) in body and str(second) in body
    body = client.get(url, {"slot__programme__exhibitor__area_day__id__exact": first.pk})
    assert kept.code in body.content.decode() and other.code not in body.content.decode()
