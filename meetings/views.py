from django.shortcuts import render

from .selectors import committee_profile


def about(request):
    return render(request, "meetings/committee_about.html", {"committee": committee_profile()})


def index(request):
    return render(request, "meetings/index.html")
