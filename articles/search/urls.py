from django.urls import path

from articles.search import views

# Included by articles/urls.py, in the "articles" namespace.
urlpatterns = [
    path("search/", views.search_page, name="search"),
]
