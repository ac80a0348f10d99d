from django.urls import path

from opencall.screening import views

app_name = "screening"

urlpatterns = [
    path("staff/calls/<slug:slug>/screening/", views.screening_list, name="list"),
    path("staff/applications/<int:pk>/screening/", views.screening_detail, name="detail"),
    path(
        "staff/applications/<int:pk>/screening/override/",
        views.screening_override,
        name="override",
    ),
]
