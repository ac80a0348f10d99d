"""The applicant's addresses. They are in applicants' mailboxes: never change a path."""

from django.urls import path

from opencall.cfp.views import (
    applications,
    calls,
    check,
    co_organisers,
    collaboration,
    conversation,
    copies,
    offer,
    privacy,
)

app_name = "cfp"

PRIVATE = "a/<uuid:public_id>/<str:token>/"

urlpatterns = [
    path("", calls.call_list, name="home"),
    path("calls/<slug:slug>/", calls.call_detail, name="call"),
    path("calls/<slug:slug>/apply/", applications.start, name="start"),
    path("calls/<slug:slug>/resume/", applications.resume, name="resume"),
    path("calls/<slug:slug>/privacy/", privacy.notice, name="privacy"),
    path("privacy/", privacy.ask, name="privacy_ask"),
    path("privacy/<str:token>/", privacy.data, name="privacy_data"),
    path("privacy/<str:token>/download/", privacy.download, name="privacy_download"),
    path("privacy/<str:token>/erase/", privacy.erase, name="privacy_erase"),
    path("calls/<slug:slug>/check/", check.check_start, name="check_start"),
    path("calls/<slug:slug>/questions/", copies.questions_page, name="questions"),
    path(
        "calls/<slug:slug>/questions/download/",
        copies.questions_download,
        name="questions_download",
    ),
    path(PRIVATE, applications.overview, name="private"),
    path(PRIVATE + "submit/", applications.submit, name="submit"),
    path(PRIVATE + "withdraw/", applications.withdraw, name="withdraw"),
    path(PRIVATE + "new-link/", applications.new_link, name="new_link"),
    path(PRIVATE + "download/", copies.download, name="download"),
    path(PRIVATE + "copy/", copies.copy_page, name="copy"),
    # Before the steps: their pattern would take "messages/", "report/", "offer/", ... too.
    path(PRIVATE + "messages/", conversation.applicant_messages, name="messages"),
    path(PRIVATE + "report/", collaboration.report, name="report"),
    path(PRIVATE + "co-organisers/", co_organisers.add, name="co_organiser_add"),
    path(
        PRIVATE + "co-organisers/<int:pk>/revoke/",
        co_organisers.revoke,
        name="co_organiser_revoke",
    ),
    path(PRIVATE + "offer/", offer.offer_answer, name="offer_answer"),
    path(
        PRIVATE + "commitments/<int:pk>/",
        collaboration.commitment_answer,
        name="commitment_answer",
    ),
    path(PRIVATE + "<slug:step_slug>/", applications.step_page, name="step"),
    path(PRIVATE + "<slug:step_slug>/check/", check.check_step, name="check_step"),
]
