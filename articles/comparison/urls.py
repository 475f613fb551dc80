from django.urls import path

from articles.comparison import views

# Included by articles/urls.py, in the "articles" namespace.
urlpatterns = [
    path("compare/", views.compare_form, name="compare"),
    path("compare/<str:slugs>/", views.comparison, name="comparison"),
]
