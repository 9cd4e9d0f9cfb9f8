from django.shortcuts import render


def index(request):
    return render(request, "openfactory/index.html")
