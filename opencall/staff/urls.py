from django.urls import path, register_converter

from opencall.staff.exports import SheetFormat
from opencall.staff.views import (
    actions,
    application,
    assignments,
    collaboration,
    exports,
    files,
    group_mail,
    imports,
    late,
    moved,
    outcome,
    privacy,
    queue,
    screening,
    selection,
    webhooks,
)

app_name = "staff"

register_converter(SheetFormat, "sheet")
APPLICATION = "calls/<slug:slug>/applications/<int:number>/"
CALL = "calls/<slug:slug>/"

urlpatterns = [
    path("", queue.home, name="home"),
    path("calls/<slug:slug>/", queue.queue_page, name="queue"),
    path("calls/<slug:slug>/bulk-move/", queue.bulk_move, name="bulk_move"),
    path("calls/<slug:slug>/assignments/", assignments.assignments_page, name="assignments"),
    path("calls/<slug:slug>/two-factor/", assignments.two_factor_setting, name="two_factor"),
    path(
        "calls/<slug:slug>/blind-review/",
        assignments.blind_review_setting,
        name="blind_review",
    ),
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
    path(
        "calls/<slug:slug>/selection/scenarios/<int:pk>/stop/",
        selection.scenario_stop,
        name="scenario_stop",
    ),
    path("calls/<slug:slug>/selection/release/", selection.release, name="release"),
    path("calls/<slug:slug>/outcome/", outcome.outcome_page, name="outcome"),
    # The lists as files (docs/exports.md), each behind its page's permission.
    path(CALL + "queue/export.<sheet:format>", exports.queue_export, name="queue_export"),
    path(CALL + "reviews/export.<sheet:format>", exports.reviews_export, name="reviews_export"),
    path(
        CALL + "screening/export.<sheet:format>",
        exports.screening_export,
        name="screening_export",
    ),
    path(
        CALL + "selection/scenarios/export.<sheet:format>",
        exports.scenarios_export,
        name="scenarios_export",
    ),
    path(
        CALL + "selection/decisions/export.<sheet:format>",
        exports.decisions_export,
        name="decisions_export",
    ),
    path(
        CALL + "collaborations/export.<sheet:format>",
        exports.collaborations_export,
        name="collaborations_export",
    ),
    path("calls/<slug:slug>/outcome.csv", outcome.outcome_csv, name="outcome_csv"),
    path("calls/<slug:slug>/outcome.xlsx", outcome.outcome_xlsx, name="outcome_xlsx"),
    path("calls/<slug:slug>/webhooks/", webhooks.webhooks_page, name="webhooks"),
    path("calls/<slug:slug>/webhooks/<int:pk>/", webhooks.webhook_page, name="webhook"),
    path(
        "calls/<slug:slug>/webhooks/<int:pk>/secret/",
        webhooks.webhook_secret,
        name="webhook_secret",
    ),
    path("calls/<slug:slug>/webhooks/<int:pk>/test/", webhooks.webhook_test, name="webhook_test"),
    path(
        "calls/<slug:slug>/webhooks/<int:pk>/delete/",
        webhooks.webhook_delete,
        name="webhook_delete",
    ),
    path(
        "calls/<slug:slug>/webhooks/<int:pk>/deliveries/<int:delivery>/again/",
        webhooks.delivery_replay,
        name="delivery_replay",
    ),
    path("calls/<slug:slug>/group-mail/", group_mail.group_mail_list, name="group_mail"),
    path(
        "calls/<slug:slug>/group-mail/new/",
        group_mail.group_mail_compose,
        name="group_mail_new",
    ),
    path(
        "calls/<slug:slug>/group-mail/<int:pk>/",
        group_mail.group_mail_preview,
        name="group_mail_preview",
    ),
    path(
        "calls/<slug:slug>/group-mail/<int:pk>/edit/",
        group_mail.group_mail_compose,
        name="group_mail_edit",
    ),
    path(
        "calls/<slug:slug>/group-mail/<int:pk>/send/",
        group_mail.group_mail_send,
        name="group_mail_send",
    ),
    path("calls/<slug:slug>/late-access/", late.call_late_access, name="late_access_list"),
    path("calls/<slug:slug>/erasures/", privacy.erasures, name="erasures"),
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
    path(
        "calls/<slug:slug>/imports/mappings/<int:pk>.json",
        imports.mapping_download,
        name="import_mapping_download",
    ),
    path(
        "calls/<slug:slug>/imports/mappings/<int:pk>/delete/",
        imports.mapping_delete,
        name="import_mapping_delete",
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
    path(APPLICATION + "late-access/", late.application_late_access, name="late_access"),
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
