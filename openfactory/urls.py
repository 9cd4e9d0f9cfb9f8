from django.urls import path

from . import views

app_name = "openfactory"

urlpatterns = [
    path("", views.index, name="index"),
]
