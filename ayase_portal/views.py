from django.shortcuts import render

from meetings.selectors import committee_summary


def home(request):
    return render(request, "home.html", {"committee": committee_summary()})
