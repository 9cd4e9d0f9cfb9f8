from django.shortcuts import render

from core.page_cache import cached_public_page

from .forms import MeetingSearchForm
from .search import MAX_QUERY_LENGTH, search_page, search_words

# Ten meetings a page, each with up to three snippets: a phone's few screens, and half the
# texts to read and mark than twenty (docs/benchmarks.md).
RESULTS_PER_PAGE = 10


# Visitors without a session all see the same results (the public minutes): a search asked
# again is served from the page cache, in one of its slots for free text.
@cached_public_page(query={"page": range(1, 21)}, text={"q": MAX_QUERY_LENGTH})
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
