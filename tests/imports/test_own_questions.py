"""A call's own questions from a responses file (the 2027 community grants call), and
mappings saved per call."""

import csv
import io

import pytest

from opencall.imports.models import ImportMapping
from opencall.imports.services import UnreadableImport, import_file, import_mapping_save

pytestmark = pytest.mark.django_db

HEADERS = [
    "Horodateur",
    "Adresse e-mail",
    "Nom de l'événement",
    "Organisme",
    "Type d'événement",
    "Public",
    "Budget total (USD)",
    "Thématiques",
    "Déjà organisé ?",
    "Part d'oratrices (%)",
    "Pays du compte bancaire",
]
MAPPING = {
    "columns": {
        "Horodateur": "submitted_at",
        "Adresse e-mail": "contacts[0].email",
        "Nom de l'événement": "event_name",
        "Organisme": "organisation",
        "Type d'événement": "format",
        "Public": "scope",
        "Budget total (USD)": "answers.budget",
        "Thématiques": "answers.topics",
        "Déjà organisé ?": "answers.held_before",
        "Part d'oratrices (%)": "answers.women_speakers",
        "Pays du compte bancaire": "answers.bank_country",
    },
    "values": {"scope": {"Nationale": "national"}, "format": {"Conférence": "conference"}},
    "defaults": {"language": "fr"},
}
GOOD = [
    "15/02/2027 10:00:00",  # day first: the file says so
    "awa@example.org",
    "Carto Abidjan",
    "OSM Côte d'Ivoire",
    "Conférence",
    "Nationale",
    "12 500",
    "Cartographie par les communautés locales, Mapping in schools and universities",
    "Oui",
    "45",
    "Côte d'Ivoire",
]


def _csv(*rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_own_answers_are_converted_by_their_questions_types(community_call):
    report = import_file(
        call=community_call,
        file_name="reponses.csv",
        content=_csv(GOOD),
        mapping=MAPPING,
        by=None,
        dry_run=True,
    )
    assert report.to_json()["errors"] == []
    assert report.imported == 1


def test_own_answers_out_of_their_limits_are_errors_on_their_column(community_call):
    bad = [*GOOD]
    bad[1] = "koffi@example.org"
    bad[9] = "140"
    bad[6] = ""
    report = import_file(
        call=community_call,
        file_name="reponses.csv",
        content=_csv(GOOD, bad),
        mapping=MAPPING,
        by=None,
        dry_run=True,
    )
    assert report.to_json()["errors"] == [
        {
            "line": 3,
            "field": "Budget total (USD)",
            "message": "This row has no answer for “Budget total (USD)”, which an application "
            "needs.",
        },
        {"line": 3, "field": "Part d'oratrices (%)", "message": "Enter a number of at most 100."},
    ]
    assert report.imported == 1


def test_a_mapping_is_saved_per_call_checked_and_replaced_by_name(community_call):
    user = None
    saved = import_mapping_save(
        call=community_call, name="Formulaire 2027", mapping=MAPPING, by=user
    )
    again = import_mapping_save(
        call=community_call,
        name="Formulaire 2027",
        mapping={**MAPPING, "date_order": "dmy"},
        by=user,
    )
    assert saved.pk == again.pk
    assert ImportMapping.objects.get().mapping["date_order"] == "dmy"
    with pytest.raises(UnreadableImport, match="the call asks no question “speakers”"):
        import_mapping_save(
            call=community_call,
            name="Wrong",
            mapping={"columns": {"Oratrices": "answers.speakers"}},
            by=user,
        )
    assert ImportMapping.objects.count() == 1
