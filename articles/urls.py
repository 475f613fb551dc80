from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("compare/", views.compare_form, name="compare"),
    path("compare/<str:slugs>/", views.comparison, name="comparison"),
]
