from django.urls import path

from therapies import api, views

app_name = "therapies"

urlpatterns = [
    path("therapies/", views.therapy_list, name="therapy-list"),
    path("therapies/<slug:slug>/", views.therapy_detail, name="therapy-detail"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition-detail"),
    path("api/therapies/", api.therapy_list, name="api-therapy-list"),
    path("api/therapies/<slug:slug>/", api.therapy_detail, name="api-therapy-detail"),
]
