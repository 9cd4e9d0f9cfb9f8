from django.shortcuts import render

from companies.selectors import timeline
from core.page_cache import cached_public_page
from meetings.selectors import committee_summary, meeting_list
from openfactory.selectors import area_days_of, edition_list

HOME_POSTS = 6
HOME_MEETINGS = 3


@cached_public_page
def home(request):
    """What is on first: the coming open factory and its days, then the companies' latest
    posts with their photos, then the latest minutes; in a fixed number of queries."""
    edition = edition_list(request.user).first()
    return render(
        request,
        "home.html",
        {
            "committee": committee_summary(),
            "posts": list(timeline()[:HOME_POSTS]),
            "edition": edition,
            "area_days": list(area_days_of(edition)) if edition else [],
            "meetings": list(meeting_list(request.user)[:HOME_MEETINGS]),
        },
    )
