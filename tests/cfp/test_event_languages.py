"""Languages of the event: common ones ticked, any other typed by name, stored as the
ISO 639-1 codes the application document expects."""

import pytest

from opencall.applications.models import Application
from opencall.core.countries import language_codes, language_name
from tests.applications.walk import WHEN_WHERE, start

pytestmark = pytest.mark.django_db


def test_typed_names_become_codes_whatever_the_case_accents_or_language():
    codes, unknown = language_codes("hausa; NÉPALAIS, árabe ,, Swahili", ["en", "fr", "es"])
    assert codes == ["ha", "ne", "ar", "sw"]
    assert unknown == []


def test_a_name_typed_twice_or_with_its_iso_qualifier_counts_once():
    codes, unknown = language_codes("Swahili (macrolanguage), swahili, sw", ["en"])
    assert codes == ["sw"]
    assert unknown == []


def test_unknown_names_are_returned_as_typed():
    codes, unknown = language_codes("Klingon, Hausa, 中文", ["en"])
    assert codes == ["ha"]
    assert unknown == ["Klingon", "中文"]


def test_macrolanguages_are_named_plainly_in_each_language():
    assert language_name("sw", "en") == "Swahili"
    assert language_name("ne", "fr") == "Népalais"
    assert language_name("el", "en") == "Modern Greek"


def test_ticked_and_typed_languages_are_stored_as_codes(client, open_call):
    base, draft = start(client, open_call)
    data = {**WHEN_WHERE, "event_languages": ["en", "fr"], "other_languages": "Wolof, hausa"}
    response = client.post(f"{base}when-where/", data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.document["event_languages"] == ["en", "fr", "wo", "ha"]


def test_a_name_typed_in_french_is_understood(client, open_call):
    base, draft = start(client, open_call)
    client.cookies["django_language"] = "fr"
    data = {**WHEN_WHERE, "event_languages": [], "other_languages": "Peul, Bambara"}
    assert client.post(f"{base}when-where/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.document["event_languages"] == ["ff", "bm"]


def test_an_unknown_name_is_named_in_the_error_and_what_was_typed_is_kept(client, open_call):
    base, draft = start(client, open_call)
    data = {**WHEN_WHERE, "event_languages": ["en"], "other_languages": "Hausa, Klingon"}
    response = client.post(f"{base}when-where/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "We do not know a language called “Klingon”." in page
    assert 'value="Hausa, Klingon"' in page
    assert 'href="#id_other_languages"' in page  # the error summary links to the field
    # The draft keeps every answer valid on its own: the ticked language, not the typed ones.
    assert Application.objects.get(pk=draft.pk).document["event_languages"] == ["en"]


def test_a_stored_language_outside_the_common_ones_shows_in_the_text_field(client, open_call):
    base, _draft = start(client, open_call)
    data = {**WHEN_WHERE, "event_languages": ["sw"], "other_languages": "Kinyarwanda"}
    client.post(f"{base}when-where/", data)
    page = client.get(f"{base}when-where/").content.decode()
    assert 'value="Kinyarwanda"' in page
    assert 'name="event_languages" value="sw"' in page
    assert '<option value="Kinyarwanda">' in page  # the datalist the browser suggests from
