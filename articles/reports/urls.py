from django.urls import path

from articles.reports import views

# Included by articles/urls.py, in the "articles" namespace.
urlpatterns = [
    path("report-a-mistake/", views.report_mistake, name="report-mistake"),
    path("report-a-mistake/thanks/", views.report_mistake_thanks, name="report-mistake-thanks"),
]
