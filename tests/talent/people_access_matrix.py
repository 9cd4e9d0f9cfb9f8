"""The write matrix of the talent app's people programmes (joined to tests/talent/access_matrix.py).
See tests/site/matrix.py.

Guidance pages are public; a company's hires, registrations and requests are its owners' and
editors' (another company, a committee member or a visitor gets a 404: the page does not say
it exists) and city staff's; lists, badges, attendance and allocations are city staff's.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.site.matrix import (
    E403,
    E404,
    LOGIN,
    OK,
    AdminModel,
    Op,
    ReadOnly,
    Write,
    roles,
)


def company_url(name, company="company_a", **kwargs):
    def path(w):
        args = {k: getattr(w, v).pk for k, v in kwargs.items()}
        return reverse(name, kwargs={"company": getattr(w, company).slug, **args})

    return path


def url(name, **kwargs):
    return lambda w: reverse(name, kwargs={k: getattr(w, v).pk for k, v in kwargs.items()})


def _soon(days=20) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


# The company's own staff and city staff; everyone else signed in gets a 404.
COMPANY_A = roles(LOGIN, E404, OK, OK, E404, E404, OK, OK)
# City staff only.
STAFF = roles(LOGIN, E403, E403, E403, E403, E403, OK, OK)

# fmt: off
TABLE = [
    ReadOnly("talent:privacy", lambda w: reverse("talent:privacy")),
    ReadOnly("talent:guidance_list", lambda w: reverse("talent:guidance_list")),
    ReadOnly(
        "talent:guidance_detail",
        lambda w: reverse("talent:guidance_detail", kwargs={"slug": w.guidance_page.slug}),
    ),
    ReadOnly("talent:people_companies", lambda w: reverse("talent:people_companies")),
    Write(
        "talent:hire_list",
        company_url("talent:hire_list"),
        data=lambda w: {"label": "A.K.", "note": "CAD"},
        expect=COMPANY_A,
    ),
    # Another company's page, with a hire of its own: company A's staff get a 404 too.
    Write(
        "talent:hire_list",
        company_url("talent:hire_list", company="company_b"),
        variant="company B",
        data=lambda w: {"label": "A.K."},
        expect=roles(LOGIN,    E404,     E404,     E404,     OK,       E404,     OK,       OK),
    ),
    Write(
        "talent:hire_detail",
        company_url("talent:hire_detail", pk="hire_a"),
        form=company_url("talent:hire_detail", pk="hire_a"),
        data=lambda w: {
            f"done_{w.checklist_item_spare.pk}": "on",
            f"date_{w.checklist_item.pk}": _soon(400),
        },
        expect=COMPANY_A,
    ),
    ReadOnly("talent:hire_print", company_url("talent:hire_print", pk="hire_a")),
    Write(
        "talent:hire_delete",
        company_url("talent:hire_delete", pk="hire_a"),
        expect=COMPANY_A,
    ),
    # Company B's hire through company A's address: nobody finds it there.
    Write(
        "talent:hire_delete",
        company_url("talent:hire_delete", pk="hire_b"),
        variant="company B's hire under company A",
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     E404,     E404),
    ),
    ReadOnly("talent:registration_list", company_url("talent:registration_list")),
    Write(
        "talent:registration_create",
        company_url("talent:registration_create", event="ceremony_event"),
        data=lambda w: {
            "name": "綾瀬 一郎",
            "name_kana": "アヤセ イチロウ",
            "start_date": _soon(),
            "job": "CAD設計",
            "language_needs": "英語",
        },
        expect=COMPANY_A,
    ),
    Write(
        "talent:registration_edit",
        company_url("talent:registration_edit", pk="registration_a"),
        form=company_url("talent:registration_edit", pk="registration_a"),
        data=lambda w: {"job": "品質管理"},
        expect=COMPANY_A,
    ),
    Write(
        "talent:registration_edit",
        company_url("talent:registration_edit", company="company_b", pk="registration_b"),
        variant="company B",
        form=company_url("talent:registration_edit", company="company_b", pk="registration_b"),
        data=lambda w: {"job": "品質管理"},
        expect=roles(LOGIN,    E404,     E404,     E404,     OK,       E404,     OK,       OK),
    ),
    Write(
        "talent:registration_delete",
        company_url("talent:registration_delete", pk="registration_a"),
        expect=COMPANY_A,
    ),
    Write(
        "talent:dormitory_requests",
        company_url("talent:dormitory_requests"),
        data=lambda w: {"places": "3", "from_date": _soon(), "for_whom": "技能実習生 3名"},
        expect=COMPANY_A,
    ),
    ReadOnly("talent:staff_people", lambda w: reverse("talent:staff_people")),
    ReadOnly("talent:staff_event", url("talent:staff_event", pk="ceremony_event")),
    ReadOnly("talent:staff_event_print", url("talent:staff_event_print", pk="ceremony_event")),
    ReadOnly("talent:staff_event_badges", url("talent:staff_event_badges", pk="ceremony_event")),
    ReadOnly("talent:staff_attendance", url("talent:staff_attendance", pk="ceremony_event")),
    Write(
        "talent:staff_attendance_mark",
        url("talent:staff_attendance_mark", pk="ceremony_event"),
        data=lambda w: {"registration": str(w.registration_a.pk), "attended": "on"},
        expect=STAFF,
    ),
    ReadOnly("talent:staff_dormitory_list", lambda w: reverse("talent:staff_dormitory_list")),
    ReadOnly(
        "talent:staff_dormitory_detail",
        url("talent:staff_dormitory_detail", pk="dormitory_request_a"),
    ),
    Write(
        "talent:staff_dormitory_allocate",
        url("talent:staff_dormitory_allocate", pk="dormitory_request_a"),
        data=lambda w: {"house": str(w.house.pk), "places": "2"},
        expect=STAFF,
    ),
    Write(
        "talent:staff_dormitory_decline",
        url("talent:staff_dormitory_decline", pk="dormitory_request_a"),
        data=lambda w: {"reason": "空きがありません"},
        expect=STAFF,
    ),
    AdminModel(
        "talent.guidancepage",
        target="guidance_page",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "slug": "job-change",
                "order": "2",
                "text_format": "markdown",
                "is_published": "on",
                "title_ja": "転職",
                "body_ja": "転職の とき",
                "title_en": "Job change",
                "body_en": "When changing jobs",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"title_ja": "在留カード"}),
        delete=Op(staff=OK, superuser=OK, target="guidance_draft"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="guidance_draft")},
    ),
    AdminModel(
        "talent.checklistitem",
        target="checklist_item",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"order": "5", "text_ja": "確認した", "text_en": "Checked", "is_active": "on"},
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"text_en": "Checked the card"}),
        delete=Op(staff=OK, superuser=OK, target="checklist_item_spare"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="checklist_item_spare")},
    ),
    AdminModel(
        "talent.ceremonyevent",
        target="ceremony_event",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "kind": "training",
                "title": "合同研修",
                "starts_at_0": _soon(60),
                "starts_at_1": "10:00",
                "place": "綾瀬市役所",
                "capacity": "30",
                "registration_closes_at_0": _soon(50),
                "registration_closes_at_1": "17:00",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"place": "オーエンス文化会館"}),
        delete=Op(staff=OK, superuser=OK, target="ceremony_event_spare"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="ceremony_event_spare")},
    ),
    AdminModel(
        "talent.house",
        target="house",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "name": "早川の家",
                "kind": "house",
                "area": "早川",
                "address": "綾瀬市早川1-1",
                "capacity": "5",
                "is_active": "on",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"capacity": "8"}),
        delete=Op(staff=OK, superuser=OK, target="house_spare"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="house_spare")},
    ),
    # Read only: requests are answered on city staff's page, which counts the vacancies.
    AdminModel(
        "talent.dormitoryrequest",
        target="dormitory_request_a",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=E403, superuser=E403),
    ),
]
# fmt: on
