from django.urls import path

from opencall.public import views

app_name = "public"

urlpatterns = [
    path("calls/<slug:slug>/supported/", views.supported, name="supported"),
    path("calls/<slug:slug>/supported.ics", views.supported_ics, name="supported_ics"),
    path("calls/<slug:slug>/supported.json", views.supported_json, name="supported_json"),
    path("calls/<slug:slug>/supported.csv", views.supported_csv, name="supported_csv"),
]
