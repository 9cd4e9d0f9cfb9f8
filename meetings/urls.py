from django.urls import path

from . import search_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", search_views.meeting_search, name="search"),
    # Placeholder until the meeting page lands (meetings:meeting_detail): remove on merge.
    path("<int:pk>/", search_views.meeting_detail_placeholder, name="meeting_detail"),
]
