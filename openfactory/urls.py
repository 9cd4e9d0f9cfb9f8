from django.urls import include, path, register_converter

from .views import announcements, manage, opendata, public, reception, reservation, statistics
from .views import guide as guide_views  # model routes' printed guide
from .views import passes as pass_views  # visitor passes (来場パス)
from .views import recruitment as recruitment_views
from .views import reports as report_views
from .views import rules as rules_views
from .views import stamps as stamp_views  # the stamp rally


class ReservationTokenConverter:
    """A reservation's secret token (``secrets.token_urlsafe``): anything else, a NUL byte
    or a character PostgreSQL cannot compare included, is a 404 before any query."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReservationTokenConverter, "reservation_token")

app_name = "openfactory"

urlpatterns = [
    path("", public.index, name="index"),
    path("privacy/", public.privacy, name="privacy"),
    path("my/", reservation.my_reservations, name="my_reservations"),
    path("programmes/<int:pk>/", public.programme_detail, name="programme_detail"),
    path("slots/<int:slot_id>/reserve/", reservation.reservation_new, name="reservation_new"),
    path(
        "reservations/<reservation_token:token>/",
        reservation.reservation_detail,
        name="reservation_detail",
    ),
    path(
        "reservations/<reservation_token:token>/calendar.ics",
        reservation.reservation_calendar,
        name="reservation_calendar",
    ),
    path(
        "reservations/<reservation_token:token>/cancel/",
        reservation.reservation_cancel,
        name="reservation_cancel",
    ),
    path("passes/<reservation_token:token>/", pass_views.pass_detail, name="pass_detail"),
    path("passes/at/<int:pk>/", pass_views.pass_at_factory, name="pass_at_factory"),
    path(
        "reception/<int:pk>/passes/new/",
        pass_views.reception_pass_new,
        name="reception_pass_new",
    ),
    path(
        "reception/<int:pk>/passes/visit/",
        pass_views.reception_pass_visit,
        name="reception_pass_visit",
    ),
    path("stamps/<str:code>/", stamp_views.stamp_scan, name="stamp_scan"),
    path("reception/<int:pk>/poster/", stamp_views.stamp_poster, name="stamp_poster"),
    path("manage/<int:pk>/quiz/", stamp_views.manage_quiz, name="manage_quiz"),
    path("reception/", reception.reception_list, name="reception_list"),
    path("reception/<int:pk>/", reception.reception_detail, name="reception_detail"),
    path("reception/<int:pk>/check-in/", reception.reception_check_in, name="reception_check_in"),
    path(
        "reception/<int:pk>/check-in/undo/",
        reception.reception_check_in_undo,
        name="reception_check_in_undo",
    ),
    path(
        "reception/<int:pk>/slots/<int:slot_id>/no-shows/",
        reception.reception_no_shows,
        name="reception_no_shows",
    ),
    path(
        "reception/<int:pk>/programmes/<int:programme_id>/walk-ins/",
        reception.reception_walk_in,
        name="reception_walk_in",
    ),
    path("manage/", manage.manage_list, name="manage_list"),
    path("manage/<int:pk>/", manage.manage_exhibitor, name="manage_exhibitor"),
    path(
        "manage/<int:pk>/programmes/new/",
        manage.manage_programme_create,
        name="manage_programme_create",
    ),
    path("manage/programmes/<int:pk>/", manage.manage_programme_edit, name="manage_programme_edit"),
    path(
        "manage/programmes/<int:pk>/delete/",
        manage.manage_programme_delete,
        name="manage_programme_delete",
    ),
    path(
        "manage/programmes/<int:pk>/slots/new/",
        manage.manage_slot_create,
        name="manage_slot_create",
    ),
    path("manage/slots/<int:pk>/", manage.manage_slot_edit, name="manage_slot_edit"),
    path("manage/slots/<int:pk>/delete/", manage.manage_slot_delete, name="manage_slot_delete"),
    path("announcements/", announcements.announcement_list, name="announcement_list"),
    path("announcements/<int:pk>/", announcements.announcement_detail, name="announcement_detail"),
    path(
        "announcements/new/<str:scope>/<int:pk>/",
        announcements.announcement_new,
        name="announcement_new",
    ),
    path("surveys/", include("openfactory.surveys.urls")),
    path("recruitment/<slug:slug>/", recruitment_views.recruitment_apply, name="recruitment_apply"),
    path(
        "<int:year>/exhibitor-manual.pdf",
        recruitment_views.recruitment_manual,
        name="recruitment_manual",
    ),
    path("statistics/", statistics.statistics_dashboard, name="statistics_dashboard"),
    path("<int:year>/", public.edition_detail, name="edition_detail"),
    path("rules/<int:year>/", rules_views.visitor_rules, name="visitor_rules"),
    path(
        "manage/<int:pk>/accessibility/",
        rules_views.manage_accessibility,
        name="manage_accessibility",
    ),
    path("manage/<int:pk>/report/", report_views.exhibitor_report, name="exhibitor_report"),
    path("<int:year>/report/", report_views.edition_report, name="edition_report"),
    path("<int:year>/statistics/", statistics.statistics_summary, name="statistics_summary"),
    path("<int:year>/statistics.csv", statistics.statistics_csv, name="statistics_csv"),
    path("<int:year>/reservations.csv", statistics.reservations_csv, name="reservations_csv"),
    path("<int:year>/programmes/", public.programme_list, name="programme_list"),
    path("<int:year>/guide/", guide_views.edition_guide, name="edition_guide"),
    path("<int:year>/events.csv", opendata.events_csv, name="opendata_events_csv"),
    path("<int:year>/events.json", opendata.events_json, name="opendata_events_json"),
    path("<int:year>/<slug:area>/", public.areaday_detail, name="areaday_detail"),
    path(
        "<int:year>/<slug:area>/walking-order/",
        public.areaday_walking_order,
        name="areaday_walking_order",
    ),
]
