from django.shortcuts import render

from .forms import MeetingSearchForm
from .search import search_page, search_words

# Ten meetings a page, each with up to three snippets: a phone's few screens, and half the
# texts to read and mark than twenty (docs/benchmarks.md).
RESULTS_PER_PAGE = 10


def meeting_search(request):
    """/meetings/search/?q=: the words must all occur; what the user may not see is never read."""
    form = MeetingSearchForm(request.GET or None)
    words, page_obj = [], None
    if form.is_valid():
        words = search_words(form.cleaned_data["q"])
    if words:
        page_obj = search_page(
            words=words,
            user=request.user,
            page_number=request.GET.get("page"),
            per_page=RESULTS_PER_PAGE,
        )
    return render(
        request,
        "meetings/meeting_search.html",
        {"form": form, "words": words, "page_obj": page_obj},
    )
