"""Labels live with their enums: the document's (pure Python) and the statuses
(TextChoices); forms, filters and pages read them there, in the reader's language."""

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from opencall.applications.document import CodeOfConduct, Format, Registration, Scope, Theme
from opencall.applications.templatetags.application_labels import label, labels
from opencall.applications.workflow import Role, Status, TransitionRefused, check_move
from opencall.cfp.forms import EventForm
from opencall.selection.comparison import _solver_status
from opencall.selection.results import SOLVER_STATUS_LABELS

ENUMS = [Format, Scope, Registration, CodeOfConduct, Theme]


@pytest.mark.parametrize("enum", ENUMS)
def test_every_value_of_the_document_has_a_label_translated_into_french(enum):
    french = trans_real.translation("fr")._catalog
    for member in enum:
        assert member.label in french, member
        with translation.override("fr"):
            assert label(member.value, _kind(enum)) == french[member.label]


def _kind(enum) -> str:
    return {CodeOfConduct: "code_of_conduct"}.get(enum, enum.__name__.lower())


def test_the_form_offers_the_enums_labels():
    field = EventForm.base_fields["format"]
    assert [(value, str(text)) for value, text in field.choices if value] == [
        (member.value, member.label) for member in Format
    ]
    assert Format.TRAINING.label == "Training session"


def test_the_label_filter_words_a_value_and_keeps_an_unknown_one():
    with translation.override("fr"):
        assert label("mapathon", "format") == "Mapathon"
        assert labels(["osm"], "theme") == "Données ou communautés OpenStreetMap"
    assert label("retired_value", "format") == "retired_value"
    assert label("", "format") == "—"


def test_a_status_carries_its_label_and_a_refusal_uses_it():
    assert Status.RESOURCE_CHECK.label == "Resource check"
    with translation.override("fr"), pytest.raises(TransitionRefused) as refused:
        check_move(Status.DRAFT, Status.ACCEPTED, Role.CALL_ADMIN)
    assert str(refused.value) == (
        "Une candidature ne peut pas passer de «\u202fBrouillon\u202f» à «\u202fAcceptée\u202f»."
    )


def test_a_solvers_status_is_worded_apart_from_an_applications():
    assert set(SOLVER_STATUS_LABELS) == {
        "optimal",
        "infeasible",
        "time_limit",
        "heuristic",
        "heuristic_failed",
        "improving",
        "stopped",
    }
    assert _solver_status("optimal") == "proven optimal"
    assert _solver_status("stopped") == "stopped and kept, not proven optimal"
    assert _solver_status("unknown") == "unknown"
