from django.urls import path

from opencall.staff.views import actions, application, assignments, queue

app_name = "staff"

APPLICATION = "calls/<slug:slug>/applications/<int:number>/"

urlpatterns = [
    path("", queue.home, name="home"),
    path("calls/<slug:slug>/", queue.queue_page, name="queue"),
    path("calls/<slug:slug>/bulk-move/", queue.bulk_move, name="bulk_move"),
    path("calls/<slug:slug>/assignments/", assignments.assignments_page, name="assignments"),
    path("calls/<slug:slug>/two-factor/", assignments.two_factor_setting, name="two_factor"),
    path("calls/<slug:slug>/unlock/", assignments.unlock, name="unlock"),
    path(
        "calls/<slug:slug>/two-factor/reset/",
        assignments.two_factor_reset,
        name="two_factor_reset",
    ),
    path(APPLICATION, application.application_page, name="application"),
    path(APPLICATION + "review/", actions.review, name="review"),
    path(APPLICATION + "message/", actions.message, name="message"),
    path(APPLICATION + "info-request/", actions.info_request, name="info_request"),
    path(APPLICATION + "note/", actions.note, name="note"),
    path(APPLICATION + "move/", actions.move, name="move"),
    path(APPLICATION + "share/", actions.share, name="share"),
    path(APPLICATION + "conflict/", actions.conflict, name="conflict"),
    path(APPLICATION + "assign/", actions.assign, name="assign"),
    path(APPLICATION + "new-link/", actions.new_link, name="new_link"),
]
