from django.urls import path

from opencall.selection import views

app_name = "selection"

urlpatterns = [
    path("calls/<slug:slug>/selection/", views.selection_page, name="page"),
    path("calls/<slug:slug>/selection/scenarios/", views.scenarios_part, name="scenarios"),
    path(
        "calls/<slug:slug>/selection/scenarios/<int:pk>/again/",
        views.scenario_again,
        name="scenario_again",
    ),
    path("calls/<slug:slug>/selection/release/", views.release, name="release"),
    path("applications/<int:pk>/decision/", views.decision_page, name="decision"),
]
