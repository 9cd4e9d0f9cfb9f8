from django.urls import include, path, register_converter

from .views import announcements, manage, public, reception, reservation, statistics


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
        "reservations/<reservation_token:token>/cancel/",
        reservation.reservation_cancel,
        name="reservation_cancel",
    ),
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
    path("statistics/", statistics.statistics_dashboard, name="statistics_dashboard"),
    path("<int:year>/", public.edition_detail, name="edition_detail"),
    path("<int:year>/statistics/", statistics.statistics_summary, name="statistics_summary"),
    path("<int:year>/statistics.csv", statistics.statistics_csv, name="statistics_csv"),
    path("<int:year>/reservations.csv", statistics.reservations_csv, name="reservations_csv"),
    path("<int:year>/programmes/", public.programme_list, name="programme_list"),
    path("<int:year>/<slug:area>/", public.areaday_detail, name="areaday_detail"),
]
