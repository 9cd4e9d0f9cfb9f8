from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("invitation/<str:key>/", views.invitation_accept_view, name="invitation_accept"),
]
