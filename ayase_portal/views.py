from django.shortcuts import render

from companies.selectors import timeline
from meetings.selectors import committee_summary, meeting_list
from openfactory.selectors import edition_list

HOME_POSTS = 3
HOME_MEETINGS = 3


def home(request):
    """The four parts at a glance: what is new in each, in a fixed number of queries."""
    return render(
        request,
        "home.html",
        {
            "committee": committee_summary(),
            "posts": list(timeline()[:HOME_POSTS]),
            "edition": edition_list(request.user).first(),
            "meetings": list(meeting_list(request.user)[:HOME_MEETINGS]),
        },
    )
