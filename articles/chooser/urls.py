from django.urls import path

from articles.chooser import views

# Included by articles/urls.py, in the "articles" namespace.
urlpatterns = [
    path("which-therapy/", views.which_therapy, name="which-therapy"),
    path("which-therapy/result/", views.which_therapy_result, name="which-therapy-result"),
    path("which-therapy/summary/", views.which_therapy_summary, name="which-therapy-summary"),
]
