"""Screening is the next step after a submission, an edit or an answer: the service
that makes the change calls it, on commit. No signal receiver screens."""

import weakref

import pytest
from django.db import transaction

from opencall.accounts import signals as accounts_signals
from opencall.applications import services as applications
from opencall.applications import signals as applications_signals
from opencall.applications.document import ApplicationDocument
from opencall.applications.workflow import Status
from opencall.collaborations import signals as collaborations_signals
from opencall.conversations import signals as conversations_signals
from opencall.conversations.services import info_request, reply_from_applicant
from opencall.screening import signals as screening_signals
from opencall.screening.models import ScreeningResult
from opencall.screening.services import (
    application_save_step_and_screen,
    application_submit_and_screen,
)
from opencall.selection import signals as selection_signals
from tests.accounts.people import make_user
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _screened(application) -> bool:
    return ScreeningResult.objects.filter(application=application).exists()


def test_submitting_screens_the_application_once_the_submission_is_committed(
    open_call, django_capture_on_commit_callbacks
):
    draft = ApplicationFactory(call=open_call, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        application_submit_and_screen(application=draft)
        assert not _screened(draft)  # not before the commit
    draft.refresh_from_db()
    assert (draft.status, _screened(draft)) == (Status.SCREENED, True)
    assert draft.events.filter(kind="screened").exists()


def test_a_submission_rolled_back_is_not_screened(open_call, django_capture_on_commit_callbacks):
    draft = ApplicationFactory(call=open_call, status="draft")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        application_submit_and_screen(application=draft)
        raise RuntimeError("the page failed after submitting")
    assert callbacks == []
    draft.refresh_from_db()
    assert (draft.status, _screened(draft)) == (Status.DRAFT, False)


def test_the_applications_service_alone_does_not_screen(
    open_call, django_capture_on_commit_callbacks
):
    # Screening is called by screening's service, not by a receiver of the submission.
    draft = ApplicationFactory(call=open_call, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        applications.application_submit(application=draft)
    draft.refresh_from_db()
    assert (draft.status, _screened(draft)) == (Status.SUBMITTED, False)


def test_an_application_left_unscreened_is_screened_by_a_second_submit(
    open_call, django_capture_on_commit_callbacks
):
    waiting = ApplicationFactory(call=open_call, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        application_submit_and_screen(application=waiting)
    waiting.refresh_from_db()
    assert (waiting.status, _screened(waiting)) == (Status.SCREENED, True)


def _edited(application, **changes) -> ApplicationDocument:
    document = ApplicationDocument.model_validate(application.document)
    return document.model_copy(update=changes)


def test_a_changed_step_of_a_submitted_application_is_screened_again(
    open_call, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(call=open_call, status="screened")
    with django_capture_on_commit_callbacks(execute=True):
        application_save_step_and_screen(
            application=application, document=_edited(application, city="Mombasa"), step=2
        )
    assert _screened(application)


def test_an_unchanged_step_is_not_screened_again(open_call, django_capture_on_commit_callbacks):
    application = ApplicationFactory(call=open_call, status="screened")
    document = _edited(application, city="Mombasa")
    applications.application_save_step(application=application, document=document, step=2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application_save_step_and_screen(application=application, document=document, step=2)
    assert (callbacks, _screened(application)) == ([], False)


def test_a_draft_step_is_not_screened(open_call, django_capture_on_commit_callbacks):
    draft = ApplicationFactory(call=open_call, status="draft")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application_save_step_and_screen(
            application=draft, document=_edited(draft, city="Mombasa"), step=2
        )
    assert (callbacks, _screened(draft)) == ([], False)


def test_an_answer_by_email_to_an_info_request_screens_again(
    call_2022, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(call=call_2022)
    info_request(
        application=application,
        author=make_user("wg"),
        criterion="PROGRAMME",
        criterion_title="A published programme",
        body="Is the agenda online?",
    )
    with django_capture_on_commit_callbacks(execute=True):
        reply_from_applicant(
            application=application, body="https://example.org/agenda", channel="email"
        )
    assert _screened(application)


def _receiver_modules(signal) -> set[str]:
    modules = set()
    for _key, ref, _is_async in signal.receivers:
        function = ref() if isinstance(ref, weakref.ReferenceType) else ref
        if function is not None:
            modules.add(function.__module__)
    return modules


MAIL = "opencall.mail.receivers"
WEBHOOKS = "opencall.webhooks.receivers"


@pytest.mark.parametrize(
    ("signal", "receivers"),
    [
        (applications_signals.draft_started, {MAIL}),
        (applications_signals.application_submitted, {MAIL, WEBHOOKS}),
        (applications_signals.link_requested, {MAIL}),
        (applications_signals.link_renewed, {MAIL}),
        (applications_signals.status_changed, {WEBHOOKS}),
        (conversations_signals.staff_message_sent, {MAIL}),
        (conversations_signals.info_requested, {MAIL}),
        (screening_signals.application_screened, {MAIL, WEBHOOKS}),
        (screening_signals.applications_screened, {MAIL, WEBHOOKS}),
        (selection_signals.decision_final, {MAIL}),
        (selection_signals.decisions_released, {MAIL, WEBHOOKS}),
        (collaborations_signals.collaboration_updated, {WEBHOOKS}),
        (accounts_signals.second_factor_changed, {MAIL}),
    ],
)
def test_the_domain_signals_are_answered_by_mail_and_webhooks_only(signal, receivers):
    # Signals carry side effects (docs/architecture.md, "Signals that remain"): telling
    # people (mail) and other tools (webhooks). A workflow step is a service call.
    assert _receiver_modules(signal) == receivers
