from django.urls import path

from opencall.staff.views import (
    actions,
    application,
    assignments,
    collaboration,
    files,
    imports,
    moved,
    outcome,
    queue,
    screening,
    selection,
)

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
    path("calls/<slug:slug>/screening/", screening.screening_list, name="screening"),
    path("calls/<slug:slug>/selection/", selection.selection_page, name="selection"),
    path("calls/<slug:slug>/selection/scenarios/", selection.scenarios_part, name="scenarios"),
    path(
        "calls/<slug:slug>/selection/scenarios/<int:pk>/again/",
        selection.scenario_again,
        name="scenario_again",
    ),
    path("calls/<slug:slug>/selection/release/", selection.release, name="release"),
    path("calls/<slug:slug>/outcome/", outcome.outcome_page, name="outcome"),
    path("calls/<slug:slug>/outcome.csv", outcome.outcome_csv, name="outcome_csv"),
    path("calls/<slug:slug>/outcome.xlsx", outcome.outcome_xlsx, name="outcome_xlsx"),
    path("calls/<slug:slug>/imports/", imports.imports_page, name="imports"),
    path("calls/<slug:slug>/imports/new/", imports.upload_page, name="import_upload"),
    path(
        "calls/<slug:slug>/imports/new/<slug:token>/",
        imports.mapping_page,
        name="import_mapping",
    ),
    path(
        "calls/<slug:slug>/imports/new/<slug:token>/start/",
        imports.start,
        name="import_start",
    ),
    path("calls/<slug:slug>/imports/<int:pk>/", imports.batch_page, name="import_batch"),
    path("calls/<slug:slug>/imports/<int:pk>/undo/", imports.undo, name="import_undo"),
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
    path(APPLICATION + "screening/", screening.screening_detail, name="screening_detail"),
    path(
        APPLICATION + "screening/override/",
        screening.screening_override,
        name="screening_override",
    ),
    path(APPLICATION + "decision/", selection.decision_page, name="decision"),
    path(APPLICATION + "collaboration/", collaboration.collaboration_page, name="collaboration"),
    path(
        APPLICATION + "collaboration/deliverables/<int:pk>/",
        collaboration.deliverable_edit,
        name="deliverable_edit",
    ),
    path(
        APPLICATION + "collaboration/deliverables/<int:pk>/move/",
        collaboration.deliverable_move,
        name="deliverable_move",
    ),
    path(
        APPLICATION + "collaboration/commitments/<int:pk>/waive/",
        collaboration.commitment_waive,
        name="commitment_waive",
    ),
    path(APPLICATION + "collaboration/spend/", collaboration.spend, name="spend"),
    path(APPLICATION + "collaboration/close/", collaboration.close, name="collaboration_close"),
    path(APPLICATION + "files/<slug:question_id>/", files.answer_file, name="answer_file"),
    # The addresses by database id that these pages had before: bookmarks and old mails.
    path("applications/<int:pk>/screening/", moved.moved("staff:screening_detail")),
    path(
        "applications/<int:pk>/screening/override/",
        moved.moved("staff:screening_override", "applications.override_screening"),
    ),
    path("applications/<int:pk>/decision/", moved.moved("staff:decision")),
]
