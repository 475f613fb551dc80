from django.shortcuts import render

from therapies.models import Therapy


def home(request):
    therapies = Therapy.objects.published().select_related("school")
    return render(request, "articles/home.html", {"therapies": therapies})
