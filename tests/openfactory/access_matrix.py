"""The write matrix of the open factory. See tests/site/matrix.py.

Anyone reserves and, with the link's token, cancels; company A's owner and editors run A's
reception and programmes; city staff run every company's and mail the visitors.
"""

import uuid

from django.urls import reverse

from tests.site.matrix import (
    E403,
    E404,
    LOGIN,
    OK,
    PAGE,
    REDIRECT,
    AdminModel,
    Op,
    ReadOnly,
    Write,
    roles,
)


def url(name, **kwargs):
    """A URL whose pk-like arguments are world attribute names."""
    return lambda w: reverse(name, kwargs={k: getattr(w, v).pk for k, v in kwargs.items()})


def edition_url(name, **extra):
    return lambda w: reverse(name, kwargs={"year": w.edition.year, **extra})


def reservation_data(w):
    return {
        "name": "綾瀬 花子",
        "name_kana": "アヤセ ハナコ",
        "email": "family@example.jp",
        "phone": "090-1234-5678",
        "adults": "1",
        "children": "1",
        "accessibility_needs": "",
        "heard_from": "website",
        "consent": "on",
        "idempotency_key": uuid.uuid4().hex,
    }


# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    ReadOnly("openfactory:index", lambda w: reverse("openfactory:index")),
    ReadOnly("openfactory:privacy", lambda w: reverse("openfactory:privacy")),
    ReadOnly("openfactory:my_reservations", lambda w: reverse("openfactory:my_reservations")),
    ReadOnly("openfactory:programme_detail", url("openfactory:programme_detail", pk="programme_a")),
    ReadOnly(
        "openfactory:reservation_detail",
        lambda w: reverse("openfactory:reservation_detail", args=[w.reservation_a.token]),
    ),
    # The calendar file of a reservation: its secret token, as its page.
    ReadOnly(
        "openfactory:reservation_calendar",
        lambda w: reverse("openfactory:reservation_calendar", args=[w.reservation_a.token]),
    ),
    ReadOnly("openfactory:reception_list", lambda w: reverse("openfactory:reception_list")),
    ReadOnly("openfactory:reception_detail", url("openfactory:reception_detail", pk="exhibitor_a")),
    ReadOnly("openfactory:manage_list", lambda w: reverse("openfactory:manage_list")),
    ReadOnly("openfactory:manage_exhibitor", url("openfactory:manage_exhibitor", pk="exhibitor_a")),
    ReadOnly("openfactory:announcement_list", lambda w: reverse("openfactory:announcement_list")),
    ReadOnly(
        "openfactory:announcement_detail", url("openfactory:announcement_detail", pk="announcement")
    ),
    ReadOnly(
        "openfactory:statistics_dashboard", lambda w: reverse("openfactory:statistics_dashboard")
    ),
    ReadOnly("openfactory:edition_detail", edition_url("openfactory:edition_detail")),
    ReadOnly("openfactory:visitor_rules", edition_url("openfactory:visitor_rules")),
    ReadOnly("openfactory:statistics_summary", edition_url("openfactory:statistics_summary")),
    ReadOnly("openfactory:statistics_csv", edition_url("openfactory:statistics_csv")),
    ReadOnly("openfactory:edition_report", edition_url("openfactory:edition_report")),
    ReadOnly("openfactory:exhibitor_report", url("openfactory:exhibitor_report", pk="exhibitor_a")),
    ReadOnly("openfactory:reservations_csv", edition_url("openfactory:reservations_csv")),
    ReadOnly("openfactory:programme_list", edition_url("openfactory:programme_list")),
    ReadOnly("openfactory:opendata_events_csv", edition_url("openfactory:opendata_events_csv")),
    ReadOnly("openfactory:opendata_events_json", edition_url("openfactory:opendata_events_json")),
    ReadOnly(
        "openfactory:areaday_detail", edition_url("openfactory:areaday_detail", area="yoshioka")
    ),
    ReadOnly(
        "openfactory:areaday_walking_order",
        edition_url("openfactory:areaday_walking_order", area="yoshioka"),
    ),
    # Families reserve without an account: the confirm step stores nothing, the last one does.
    Write(
        "openfactory:reservation_new",
        url("openfactory:reservation_new", slot_id="slot_a"),
        variant="confirm step",
        data=reservation_data,
        expect=roles(PAGE,     PAGE,     PAGE,     PAGE,     PAGE,     PAGE,     PAGE,     PAGE),
    ),
    Write(
        "openfactory:reservation_new",
        url("openfactory:reservation_new", slot_id="slot_a"),
        variant="reserve",
        data=lambda w: {**reservation_data(w), "reserve": "1"},
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    # The link's token is the key: whoever holds it cancels.
    Write(
        "openfactory:reservation_cancel",
        lambda w: reverse("openfactory:reservation_cancel", args=[w.reservation_a.token]),
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    # Reception: company A's staff at A's exhibit on its area day, city staff at any. The
    # world's area day is still to come: company staff are refused (told the day), city
    # staff correct (recorded in the admin's history). On the day: tests/openfactory/
    # test_reception.py.
    Write(
        "openfactory:reception_check_in",
        url("openfactory:reception_check_in", pk="exhibitor_a"),
        data=lambda w: {"code": w.reservation_a.code},
        expect=roles(LOGIN,    E404,     REDIRECT, REDIRECT,       E404,     E404,     OK,       OK),
    ),
    # Company B's reception does not check in company A's visitor, whoever types the code.
    Write(
        "openfactory:reception_check_in",
        url("openfactory:reception_check_in", pk="exhibitor_b"),
        variant="company A's code at company B's reception",
        data=lambda w: {"code": w.reservation_a.code},
        expect=roles(LOGIN,    E404,     E404,     E404,     REDIRECT, E404,     REDIRECT, REDIRECT),
    ),
    Write(
        "openfactory:reception_check_in",
        url("openfactory:reception_check_in", pk="exhibitor_a"),
        variant="by a tap",
        data=lambda w: {"reservation": str(w.reservation_a.pk)},
        expect=roles(LOGIN,    E404,     REDIRECT, REDIRECT,       E404,     E404,     OK,       OK),
    ),
    Write(
        "openfactory:reception_check_in_undo",
        url("openfactory:reception_check_in_undo", pk="exhibitor_a"),
        data=lambda w: {"reservation": str(w.reservation_attended.pk)},
        expect=roles(LOGIN,    E404,     REDIRECT, REDIRECT,       E404,     E404,     OK,       OK),
    ),
    Write(
        "openfactory:reception_no_shows",
        url("openfactory:reception_no_shows", pk="past_exhibitor_a", slot_id="past_slot_a"),
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "openfactory:reception_walk_in",
        url("openfactory:reception_walk_in", pk="exhibitor_a", programme_id="programme_a"),
        data=lambda w: {"delta": "1"},
        expect=roles(LOGIN,    E404,     REDIRECT, REDIRECT,       E404,     E404,     OK,       OK),
    ),
    # Company B's reception with company A's visitors and programmes.
    Write(
        "openfactory:reception_check_in",
        url("openfactory:reception_check_in", pk="exhibitor_b"),
        variant="company B's reception, a tap on company A's visitor",
        data=lambda w: {"reservation": str(w.reservation_a.pk)},
        expect=roles(LOGIN,    E404,     E404,     E404,     REDIRECT, E404,     REDIRECT, REDIRECT),
    ),
    Write(
        "openfactory:reception_check_in_undo",
        url("openfactory:reception_check_in_undo", pk="exhibitor_b"),
        variant="company B's reception, company A's visitor",
        data=lambda w: {"reservation": str(w.reservation_attended.pk)},
        expect=roles(LOGIN,    E404,     E404,     E404,     REDIRECT, E404,     REDIRECT, REDIRECT),
    ),
    Write(
        "openfactory:reception_no_shows",
        url("openfactory:reception_no_shows", pk="exhibitor_b", slot_id="past_slot_a"),
        variant="company B's reception, company A's slot",
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     E404,     E404),
    ),
    Write(
        "openfactory:reception_walk_in",
        url("openfactory:reception_walk_in", pk="exhibitor_b", programme_id="programme_a"),
        variant="company B's reception, company A's programme",
        data=lambda w: {"delta": "1"},
        expect=roles(LOGIN,    E404,     E404,     E404,     E404,     E404,     E404,     E404),
    ),
    # Programmes and their times, by the company's own staff.
    Write(
        "openfactory:manage_programme_create",
        url("openfactory:manage_programme_create", pk="exhibitor_a"),
        form=url("openfactory:manage_programme_create", pk="exhibitor_a"),
        data=lambda w: {
            "kind": "workshop",
            "title": "ねじ作り体験",
            "description": "ねじを作ります。",
            "duration_minutes": "30",
            "max_party_size": "4",
            "admission": "reservation",
            "allocation": "first_come",
        },
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "openfactory:manage_programme_edit",
        url("openfactory:manage_programme_edit", pk="programme_a"),
        form=url("openfactory:manage_programme_edit", pk="programme_a"),
        data=lambda w: {"description": "5軸加工機をご覧いただけます。"},
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "openfactory:manage_programme_delete",
        url("openfactory:manage_programme_delete", pk="programme_a_free"),
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    # A factory's accessibility facts: its own company's staff and city staff.
    Write(
        "openfactory:manage_accessibility",
        url("openfactory:manage_accessibility", pk="exhibitor_a"),
        form=url("openfactory:manage_accessibility", pk="exhibitor_a"),
        data=lambda w: {"step_free": "yes", "quiet_hours": "13:00〜14:00"},
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "openfactory:manage_slot_create",
        url("openfactory:manage_slot_create", pk="programme_a"),
        data=lambda w: {
            "starts": "13:00",
            "ends": "13:30",
            "seats": "8",
            "reservations_close_at": "",
        },
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "openfactory:manage_slot_edit",
        url("openfactory:manage_slot_edit", pk="slot_a"),
        form=url("openfactory:manage_slot_edit", pk="slot_a"),
        data=lambda w: {"seats": "12"},
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    Write(
        "openfactory:manage_slot_delete",
        url("openfactory:manage_slot_delete", pk="slot_a_free"),
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    # Mails to every visitor of a day: the secretariat's only.
    Write(
        "openfactory:announcement_new",
        lambda w: reverse(
            "openfactory:announcement_new", kwargs={"scope": "day", "pk": w.area_day.pk}
        ),
        data=lambda w: {
            "subject": "駐車場のご案内",
            "body": "会場に駐車場はありません。",
            "idempotency_key": uuid.uuid4().hex,
            "op": "send",
        },
        expect=roles(LOGIN,    E403,     E403,     E403,     E403,     E403,     OK,       OK),
    ),
    AdminModel(
        "openfactory.edition",
        target="edition",
        add=Op(
            staff=OK, superuser=OK, data=lambda w: {"number": "9", "year": "2035", "title": "第9回"}
        ),
        change=Op(
            staff=OK, superuser=OK, data=lambda w: {"description": "市内の工場が扉を開きます。"}
        ),
        delete=Op(staff=OK, superuser=OK, target="spare_edition"),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK, target="spare_edition"),
            # The stamp rally's prize draw, on the intermediate page's form (an edition whose
            # last area day is over: tests/openfactory/draw_factories.py).
            "draw_prizes": Op(
                staff=OK,
                superuser=OK,
                target="draw_edition",
                data=lambda w: {
                    "apply": "1",
                    "prizes": "1",
                    "instructions": "市役所でお受け取りください。",
                    "instructions_en": "",
                },
            ),
        },
    ),
    AdminModel(
        "openfactory.area",
        target="area",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"name": "早川", "name_kana": "はやかわ", "slug": "hayakawa"},
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"description": "駅から徒歩10分"}),
        delete=Op(staff=OK, superuser=OK, target="unused_area"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="unused_area")},
    ),
    AdminModel(
        "openfactory.areaday",
        target="area_day",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "edition": str(w.edition.pk),
                "area": str(w.unused_area.pk),
                "date": "2031-11-03",
            },
        ),
        # With its own stamps for the prize draw (services.prize_draw).
        change=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"main_venue": "綾瀬市役所", "stamps_for_draw": "2"},
        ),
        delete=Op(staff=OK, superuser=OK, target="spare_area_day"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="spare_area_day")},
    ),
    AdminModel(
        "openfactory.exhibitor",
        target="exhibitor_a",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {"area_day": str(w.past_area_day.pk), "company": str(w.company_b.pk)},
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"place": "第二工場"}),
        delete=Op(staff=OK, superuser=OK, target="spare_exhibitor"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="spare_exhibitor")},
    ),
    AdminModel(
        "openfactory.programme",
        target="programme_a",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "exhibitor": str(w.exhibitor_b.pk),
                "kind": "tour",
                "title": "工場見学",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"description": "安全靴をお貸しします。"}),
        delete=Op(staff=OK, superuser=OK, target="programme_a_free"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="programme_a_free")},
    ),
    AdminModel(
        "openfactory.slot",
        target="slot_a",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "programme": str(w.programme_b.pk),
                "starts_at_0": w.area_day.date.isoformat(),
                "starts_at_1": "14:00",
                "ends_at_0": w.area_day.date.isoformat(),
                "ends_at_1": "14:30",
                "seats": "6",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"seats": "15"}),
        delete=Op(staff=OK, superuser=OK, target="slot_a_free"),
        actions={"delete_selected": Op(staff=OK, superuser=OK, target="slot_a_free")},
    ),
    # Reservations are made on the public form (which counts the seats) and cancelled through
    # the service (which frees them); a delete would free seats past the waitlist, so none.
    AdminModel(
        "openfactory.reservation",
        target="reservation_a",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"phone": "0467-70-0000"}),
        delete=Op(staff=E403, superuser=E403),
        actions={"cancel": Op(staff=OK, superuser=OK)},
    ),
    AdminModel(
        "openfactory.reservationmail",
        target="reservation_mail",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=OK, superuser=OK),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    AdminModel(
        "openfactory.receptioncount",
        target="reception_count",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "programme": str(w.programme_b.pk),
                "date": w.area_day.date.isoformat(),
                "walk_ins": "3",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"walk_ins": "5"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    # A record of what was mailed: written on the announcement pages, never here.
    AdminModel(
        "openfactory.announcement",
        target="announcement",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
]
# fmt: on

# The surveys keep their table beside it (openfactory/surveys/ is a package of its own).
from tests.openfactory.survey_access_matrix import TABLE as SURVEY_TABLE  # noqa: E402

TABLE += SURVEY_TABLE

# The model routes and the printed guide keep theirs beside it too.
from tests.openfactory.route_access_matrix import TABLE as ROUTE_TABLE  # noqa: E402

TABLE += ROUTE_TABLE
from tests.openfactory.recruitment_access_matrix import TABLE as RECRUITMENT_TABLE  # noqa: E402

TABLE += RECRUITMENT_TABLE

# The visitor passes keep theirs beside it too.
from tests.openfactory.pass_access_matrix import TABLE as PASS_TABLE  # noqa: E402

TABLE += PASS_TABLE
