from django.urls import path

from opencall.applications import views

app_name = "applications"

urlpatterns = [
    path("calls/<slug:slug>/apply/", views.start, name="start"),
    path("calls/<slug:slug>/resume/", views.resume, name="resume"),
    path("a/<uuid:public_id>/<str:token>/", views.overview, name="private"),
    path("a/<uuid:public_id>/<str:token>/submit/", views.submit, name="submit"),
    path("a/<uuid:public_id>/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("a/<uuid:public_id>/<str:token>/new-link/", views.new_link, name="new_link"),
    path("a/<uuid:public_id>/<str:token>/<slug:step_slug>/", views.step_page, name="step"),
]
