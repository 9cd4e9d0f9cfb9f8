"""The write matrix of the talent app. See tests/site/matrix.py.

Company A's owners and editors draft its applications, only its owners submit; another
company, visitors and committee members get a 404 for an application or its file (their
existence is private); city staff read and review every application but write none.
"""

from django.urls import reverse

from talent.models import Application
from tests.site.matrix import (
    E403,
    E404,
    LOGIN,
    OK,
    PAGE,
    REDIRECT,
    AdminModel,
    Op,
    Outcome,
    ReadOnly,
    Write,
    roles,
)

E409 = Outcome("E409", 409, changes=False)  # the autosave of an application not editable
SAVED = Outcome("SAVED", 200, changes=True)  # the autosave, stored


def _draft_a(w):
    return reverse("talent:application", kwargs={"pk": w.talent_draft_a.pk})


def _status_of(name):
    return lambda w: [Application.objects.filter(pk=getattr(w, name).pk).values_list("status")]


# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    ReadOnly(
        "talent:scheme",
        lambda w: reverse("talent:scheme", kwargs={"slug": w.talent_scheme.slug}),
    ),
    ReadOnly("talent:application_list", lambda w: reverse("talent:application_list")),
    # A company's staff start a draft for their own company; others have no company.
    Write(
        "talent:apply",
        lambda w: reverse("talent:apply", kwargs={"slug": w.talent_scheme_fresh.slug}),
        expect=roles(LOGIN,    E404,     OK,       OK,       OK,       E404,     E404,     E404),
    ),
    Write(
        "talent:application",
        _draft_a,
        data=lambda w: {"action": "save", "company_name": "綾瀬精密工業株式会社"},
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     REDIRECT, REDIRECT),
    ),
    # An editor's submit keeps the draft as typed but submits nothing: owners submit.
    Write(
        "talent:application",
        _draft_a,
        variant="submit",
        data=lambda w: {
            "action": "submit",
            "company_name": "綾瀬精密工業",
            "address": "神奈川県綾瀬市早園1-1-1",
            "representative": "代表取締役 綾瀬 太郎",
            "phone": "0467-70-5611",
            w.talent_scheme.f["text"].name: "山田 花子",
            w.talent_scheme.f["amount"].name: "６５，０００",
            w.talent_scheme.f["choice"].name: "3",
        },
        watch=_status_of("talent_draft_a"),
        expect=roles(LOGIN,    E404,     PAGE,     OK,       E404,     E404,     REDIRECT, REDIRECT),
    ),
    Write(
        "talent:autosave",
        lambda w: reverse("talent:autosave", kwargs={"pk": w.talent_draft_a.pk}),
        data=lambda w: {w.talent_scheme.f["text"].name: "山田 花"},
        expect=roles(E403,     E404,     SAVED,    SAVED,    E404,     E404,     E409,     E409),
    ),
    ReadOnly(
        "talent:attachment",
        lambda w: reverse("talent:attachment", kwargs={"pk": w.talent_attachment_a.pk}),
    ),
    Write(
        "talent:attachment_delete",
        lambda w: reverse("talent:attachment_delete", kwargs={"pk": w.talent_attachment_a.pk}),
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     REDIRECT, REDIRECT),
    ),
    ReadOnly("talent:dashboard", lambda w: reverse("talent:dashboard")),
    Write(
        "talent:review",
        lambda w: reverse("talent:review", kwargs={"pk": w.talent_submitted_a.pk}),
        data=lambda w: {"to_status": "in_review"},
        expect=roles(LOGIN,    E403,     E403,     E403,     E403,     E403,     OK,       OK),
    ),
    ReadOnly("talent:reports", lambda w: reverse("talent:reports")),
    ReadOnly("talent:reports_csv", lambda w: reverse("talent:reports_csv")),
    AdminModel(
        "talent.scheme",
        target="talent_scheme",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "title": "新しい事業",
                "slug": "new-scheme",
                "summary": "説明",
                "status": "open",
                "order": "9",
                "fields-TOTAL_FORMS": "0",
                "fields-INITIAL_FORMS": "0",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"summary": "説明を変えました。"}),
        delete=[
            Op(staff=OK, superuser=OK, target="talent_scheme_spare"),
            # Its applications protect it: the admin says why and deletes nothing.
            Op(staff=PAGE, superuser=PAGE, variant="with applications"),
        ],
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="talent_scheme_spare")},
    ),
    # Applications are read in the admin; their steps are taken on the review page.
    AdminModel(
        "talent.application",
        target="talent_submitted_a",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=E403, superuser=E403),
    ),
]
# fmt: on

# The guidance, ceremony and dormitory pages keep their table beside it.
from tests.talent.people_access_matrix import TABLE as PEOPLE_TABLE  # noqa: E402

TABLE += PEOPLE_TABLE
