"""The write matrix of recruiting exhibitors (see tests/site/matrix.py).

Company A's owner applies from A's page; its editor reads the call but is told that only owners
apply; another company's staff get a 404. City staff read it (they do not apply for a company)
and decide in the admin.
"""

from django.urls import reverse

from tests.site.matrix import (
    E403,
    E404,
    LOGIN,
    OK,
    REDIRECT,
    AdminModel,
    Op,
    ReadOnly,
    Write,
    roles,
)


def application_data(w):
    return {
        "area_day": str(w.area_day.pk),
        "shows": "精密切削の工程",
        "programme_ideas": "工場見学",
        "step_free": "yes",
        "accessible_toilet": "no",
        "accessibility_notes": "",
        "contact_name": "綾瀬 花子",
        "contact_email": "hanako@example.jp",
        "contact_phone": "0467-70-1234",
    }


# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    Write(
        "openfactory:recruitment_apply",
        lambda w: reverse("openfactory:recruitment_apply", kwargs={"slug": w.company_a.slug}),
        data=application_data,
        expect=roles(LOGIN,    E404,     REDIRECT, OK,       E404,     E404,     REDIRECT, REDIRECT),
    ),
    # The manual of the open day: company staff and city staff; never the public.
    ReadOnly(
        "openfactory:recruitment_manual",
        lambda w: reverse("openfactory:recruitment_manual", kwargs={"year": w.edition.year}),
    ),
    AdminModel(
        "openfactory.exhibitorcall",
        target="exhibitor_call",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "edition": str(w.spare_edition.pk),
                "benefits": "来場者との出会い",
                "duties": "当日の受付",
                "deadline_0": "2040-06-30",
                "deadline_1": "17:00",
                "is_open": "on",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"duties": "説明会への参加"}),
        delete=Op(staff=OK, superuser=OK, target="spare_exhibitor_call"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="spare_exhibitor_call")},
    ),
    # Applications are written by the companies; the admin only decides them.
    AdminModel(
        "openfactory.exhibitorapplication",
        target="application_c",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=E403, superuser=E403),
        actions={
            "accept": Op(staff=OK, superuser=OK),
            "decline": Op(
                staff=OK,
                superuser=OK,
                data=lambda w: {"apply": "1", "message": "今回は定員に達しました。"},
            ),
        },
    ),
]
# fmt: on
