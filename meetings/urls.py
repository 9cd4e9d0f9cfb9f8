from django.urls import path

from . import calendars, feeds, search_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", search_views.meeting_search, name="search"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/print/", views.meeting_print, name="meeting_print"),
    path("attendance/", views.attendance, name="attendance"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/answer/", views.activity_answer, name="activity_answer"),
    path("action-items/", views.action_items, name="action_items"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    # Feeds and calendars.
    path("feed/", feeds.minutes_feed, name="feed"),
    path("calendar.ics", calendars.public_calendar, name="calendar"),
    path("calendar/", calendars.calendar_link, name="calendar_link"),
    path("calendar/<slug:key>.ics", calendars.member_calendar, name="member_calendar"),
]
