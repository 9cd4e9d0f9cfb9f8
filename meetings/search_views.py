from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from .forms import MeetingSearchForm
from .search import meetings_matching, search_result, search_words

RESULTS_PER_PAGE = 20


def meeting_search(request):
    """/meetings/search/?q=: the words must all occur; what the user may not see is never read."""
    form = MeetingSearchForm(request.GET or None)
    words, page_obj, results = [], None, []
    if form.is_valid():
        words = search_words(form.cleaned_data["q"])
    if words:
        meetings = meetings_matching(words=words, user=request.user)
        page_obj = Paginator(meetings, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        results = [search_result(meeting, words) for meeting in page_obj]
    return render(
        request,
        "meetings/meeting_search.html",
        {"form": form, "words": words, "page_obj": page_obj, "results": results},
    )


def meeting_detail_placeholder(request, pk):
    """Placeholder until the meeting page lands: only so that result links resolve."""
    raise Http404
