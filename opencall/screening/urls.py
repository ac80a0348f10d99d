from django.urls import path

from opencall.screening import views

app_name = "screening"

urlpatterns = [
    path("calls/<slug:slug>/check/", views.check_start, name="check_start"),
    path(
        "a/<uuid:public_id>/<str:token>/<slug:step_slug>/check/",
        views.check_step,
        name="check_step",
    ),
]
