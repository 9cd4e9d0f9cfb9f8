from django.urls import path

from . import views

app_name = "openfactory"

urlpatterns = [
    path("", views.index, name="index"),
    path("privacy/", views.privacy, name="privacy"),
    path("my/", views.my_reservations, name="my_reservations"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("slots/<int:slot_id>/reserve/", views.reservation_new, name="reservation_new"),
    path("reservations/<str:token>/", views.reservation_detail, name="reservation_detail"),
    path("reservations/<str:token>/cancel/", views.reservation_cancel, name="reservation_cancel"),
    path("<int:year>/", views.edition_detail, name="edition_detail"),
    path("<int:year>/programmes/", views.programme_list, name="programme_list"),
    path("<int:year>/<slug:area>/", views.areaday_detail, name="areaday_detail"),
]
