"""application_upsert: a submission made elsewhere, brought in by its key (the import's
path and the write API's)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from opencall.applications.document import ApplicationDocument
from opencall.applications.models import ApplicationEvent
from opencall.applications.services import IncompleteApplication
from opencall.applications.workflow import Status
from opencall.imports.models import ImportedRow
from opencall.imports.services import UpsertRefused, application_upsert
from opencall.mail.models import OutgoingMail
from tests.factories import KENYA

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2022, 5, 20, 10, 0, tzinfo=dt.UTC)
AFTER = dt.datetime(2022, 6, 3, 9, 0, tzinfo=dt.UTC)  # the call closed on 31 May


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("importer")


def _document(**changes) -> ApplicationDocument:
    return ApplicationDocument.model_validate({**KENYA, **changes})


def _upsert(call, staff, capture, document=None, key="2022-05-20 wanjiru", at=BEFORE):
    with capture(execute=True):
        return application_upsert(
            call=call, document=document or _document(), key=key, by=staff, submitted_at=at
        )


def _deadline(application) -> str:
    application.refresh_from_db()
    return application.screening.result["criteria"]["DEADLINE"]["result"]


def test_a_new_key_is_submitted_at_its_own_moment_and_screened_without_mail(
    call_2022, staff, django_capture_on_commit_callbacks
):
    upserted = _upsert(call_2022, staff, django_capture_on_commit_callbacks)
    application = upserted.application
    application.refresh_from_db()
    assert upserted.outcome == "imported"
    assert application.status == Status.SCREENED
    assert application.submitted_at == BEFORE
    assert application.document["submitted_at"] == "2022-05-20T10:00:00Z"
    assert _deadline(application) == "pass"
    kinds = list(application.events.values_list("kind", "actor", "user__username"))
    assert kinds[0] == (ApplicationEvent.Kind.IMPORTED, "staff", "importer")
    assert (ApplicationEvent.Kind.STATUS, "staff", "importer") in kinds
    assert not OutgoingMail.objects.filter(application=application).exists()
    assert mail.outbox == []
    assert ImportedRow.objects.get(call=call_2022).application == application


def test_a_submission_after_the_deadline_is_imported_and_fails_deadline(
    call_2022, staff, django_capture_on_commit_callbacks
):
    application = _upsert(call_2022, staff, django_capture_on_commit_callbacks, at=AFTER)
    assert _deadline(application.application) == "fail"


def test_the_same_document_again_changes_nothing(
    call_2022, staff, django_capture_on_commit_callbacks
):
    first = _upsert(call_2022, staff, django_capture_on_commit_callbacks).application
    events = first.events.count()
    again = _upsert(call_2022, staff, django_capture_on_commit_callbacks)
    assert again.outcome == "unchanged"
    assert again.application.pk == first.pk
    assert first.events.count() == events
    assert call_2022.applications.count() == 1


def test_a_changed_document_updates_only_what_changed_and_keeps_the_status(
    call_2022, staff, django_capture_on_commit_callbacks
):
    first = _upsert(call_2022, staff, django_capture_on_commit_callbacks).application
    changed = _document(city="Mombasa")
    again = _upsert(call_2022, staff, django_capture_on_commit_callbacks, document=changed)
    assert again.outcome == "updated"
    assert again.changed == ("city",)
    first.refresh_from_db()
    assert first.document["city"] == "Mombasa"
    assert first.status == Status.SCREENED
    edit = first.events.filter(kind=ApplicationEvent.Kind.EDITED).get()
    assert edit.data["values"] == {"city": ["Nairobi", "Mombasa"]}


def test_a_decided_application_is_not_changed_by_a_newer_copy(
    call_2022, staff, django_capture_on_commit_callbacks
):
    first = _upsert(call_2022, staff, django_capture_on_commit_callbacks).application
    type(first).objects.filter(pk=first.pk).update(status=Status.DECLINED)
    with pytest.raises(UpsertRefused, match="declined"):
        _upsert(
            call_2022, staff, django_capture_on_commit_callbacks, document=_document(city="Kisumu")
        )
    first.refresh_from_db()
    assert first.document["city"] == "Nairobi"


def test_a_document_missing_what_a_submission_needs_is_refused_and_stores_nothing(
    call_2022, staff, django_capture_on_commit_callbacks
):
    with pytest.raises(IncompleteApplication):
        _upsert(
            call_2022, staff, django_capture_on_commit_callbacks, document=_document(scope=None)
        )
    assert call_2022.applications.count() == 0
    assert not ImportedRow.objects.exists()
