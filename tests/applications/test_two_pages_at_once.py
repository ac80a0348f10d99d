"""Two pages of one application saved one after the other, each from what it read
before the other's save (two tabs, or a co-organiser): both pages' changes are kept."""

import uuid

import pytest

from opencall.applications import services
from opencall.applications.document import ApplicationDocument
from opencall.applications.merge import merge_edits
from opencall.applications.models import Application

pytestmark = pytest.mark.django_db

DOCUMENT = ApplicationDocument.model_validate(
    {
        "event_name": "FOSS4G",
        "format": "conference",
        "organisation": "OSGeo",
        "contacts": [{"name": "Ana", "email": "ana@example.org"}],
        "scope": "international",
        "language": "en",
    }
)


def test_each_side_keeps_what_it_changed_and_the_page_wins_a_field_both_changed():
    base = {"a": 1, "b": 1, "c": 1, "answers": {"q1": "x", "q2": "y", "q3": "z"}}
    mine = {"a": 2, "b": 1, "c": 3, "answers": {"q1": "x!", "q2": "y"}}  # q3 cleared
    theirs = {
        "a": 1,
        "b": 5,
        "c": 4,
        "d": 6,
        "answers": {"q1": "x", "q2": "y?", "q3": "z", "q4": "w"},
    }
    assert merge_edits(base, mine, theirs) == {
        "a": 2,
        "b": 5,
        "c": 3,
        "d": 6,
        "answers": {"q1": "x!", "q2": "y?", "q4": "w"},
    }


def test_nothing_saved_meanwhile_leaves_the_page_document_as_it_is():
    base = {"a": 1, "answers": {"q": 1}}
    mine = {"a": 2, "answers": {"q": 2}}
    assert merge_edits(base, mine, base) == mine


def test_a_page_saved_from_an_older_read_does_not_undo_the_other_pages_step(open_call):
    draft, _created = services.application_start(
        call=open_call, form_key=uuid.uuid4(), document=DOCUMENT
    )
    first_tab = Application.objects.get(pk=draft.pk)
    second_tab = Application.objects.get(pk=draft.pk)
    read = ApplicationDocument.model_validate(first_tab.document)
    services.application_save_step(
        application=first_tab, document=read.updated(country="KE"), step=2
    )
    # The second tab still holds the document from before the first tab's save.
    stale = ApplicationDocument.model_validate(second_tab.document)
    saved = services.application_save_step(
        application=second_tab, document=stale.updated(event_name="FOSS4G Africa"), step=3
    )
    assert (saved.country, saved.event_name) == ("KE", "FOSS4G Africa")
    draft.refresh_from_db()
    assert draft.document["country"] == "KE"
    assert draft.document["event_name"] == "FOSS4G Africa"
