from django.urls import path

from . import calendars, feeds, views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    # Feeds and calendars.
    path("feed/", feeds.minutes_feed, name="feed"),
    path("calendar.ics", calendars.public_calendar, name="calendar"),
    path("calendar/", calendars.calendar_link, name="calendar_link"),
    path("calendar/<slug:key>.ics", calendars.member_calendar, name="member_calendar"),
    # Placeholder until the meeting page lands (the real views replace these two lines).
    path("<int:pk>/", feeds.meeting_detail_placeholder, name="meeting_detail"),
    path("activities/<int:pk>/", feeds.activity_detail_placeholder, name="activity_detail"),
]
