"""Reasons in the applicant's language, re-rendering stored results, and purity."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opencall.screening import messages
from opencall.screening.engine import Criterion, Screener, render, screen
from opencall.screening.messages import MESSAGES, render_message
from tests.screening.documents import ROOT, call_2022, eligible

FRENCH = {
    MESSAGES["geo.national_not_priority"]: (
        "Les événements nationaux ne sont acceptés que dans les pays prioritaires de HOT, "
        "et {country} n'en fait pas partie."
    ),
    MESSAGES["format.conference"]: "Une conférence est le type d'événement que vise cet appel.",
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


def test_reasons_come_out_in_the_language_of_the_gettext_given():
    result = screen(call_2022(), eligible(country="FR"), gettext=french)
    assert result.criteria[Criterion.GEO].reason == (
        "Les événements nationaux ne sont acceptés que dans les pays prioritaires de HOT, "
        "et France n'en fait pas partie."
    )
    assert result.criteria[Criterion.FORMAT].reason.startswith("Une conférence")
    # An untranslated message falls back to the English text.
    assert result.criteria[Criterion.PROGRAMME].reason == MESSAGES["programme.published"].format(
        url="https://sotm.example.org/programme"
    )


def test_a_stored_result_is_rendered_again_in_another_language():
    english = screen(call_2022(), eligible(country="FR"))
    assert render(english, french) == screen(call_2022(), eligible(country="FR"), gettext=french)
    assert render(render(english, french), messages.identity) == english


def test_an_item_is_rendered_again_from_its_code_and_params():
    item = screen(call_2022(), eligible(country="FR")).criteria[Criterion.GEO]
    assert render_message(item.code, item.params, french) == render(item, french).reason
    assert render_message(item.code, item.params) == item.reason


def test_a_translation_with_a_wrong_placeholder_falls_back_to_english():
    def typo(message: str) -> str:
        return "{pays} n'est pas prioritaire." if "{country}" in message else message

    result = screen(call_2022(), eligible(country="FR"), gettext=typo)
    assert result.criteria[Criterion.GEO].reason.startswith("National events are accepted")


def test_a_translation_with_unbalanced_braces_falls_back_to_english():
    result = screen(call_2022(), eligible(), gettext=lambda message: message + " {")
    assert result.criteria[Criterion.FORMAT].reason == MESSAGES["format.conference"]


def test_an_unknown_code_renders_as_the_code_itself():
    assert render_message("geo.retired_code", {}) == "geo.retired_code"


def test_an_old_stored_result_missing_a_param_still_renders():
    assert render_message("geo.national_priority", {}) == (
        "A national event in , one of HOT's priority countries."
    )


def test_a_screener_reuses_its_lookups_and_gives_the_same_result_as_screen():
    screener = Screener(call_2022())
    document = eligible(scope="regional", country="TH", serves_countries=["KH"])
    assert screener.screen(document) == screen(call_2022(), document)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (gettext) not installed")
def test_makemessages_extracts_every_template(tmp_path: Path):
    # makemessages runs xgettext with the Python keywords; `_` is one of them.
    source = Path(messages.__file__)
    pot = tmp_path / "screening.pot"
    subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--no-wrap",
            "--from-code=UTF-8",
            "-o",
            str(pot),
            str(source),
        ],
        check=True,
    )
    extracted = {
        bytes(found, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
        for found in re.findall(r'^msgid "(.*)"$', pot.read_text(encoding="utf-8"), re.M)
    }
    assert set(MESSAGES.values()) <= extracted


@pytest.mark.slow
def test_the_engine_and_the_cli_import_nothing_of_django():
    code = (
        "import sys\n"
        "import opencall.screening.cli, opencall.screening.engine, opencall.screening.messages\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_screen_follows_a_gettext_whose_language_changes_between_calls():
    # Django's gettext is one function whose language follows the request.
    active = {"language": "fr"}

    def switching(message: str) -> str:
        return french(message) if active["language"] == "fr" else message

    document = eligible(country="FR")
    in_french = screen(call_2022(), document, gettext=switching)
    active["language"] = "en"
    in_english = screen(call_2022(), document, gettext=switching)
    assert in_french.criteria[Criterion.GEO].reason.startswith("Les événements nationaux")
    assert in_english.criteria[Criterion.GEO].reason.startswith("National events")


def test_a_screener_built_for_a_language_renders_in_it():
    result = Screener(call_2022(), gettext=french).screen(eligible(country="FR"))
    assert result == screen(call_2022(), eligible(country="FR"), gettext=french)


@pytest.mark.parametrize(
    "broken",
    ["{}", "{0}", "{country.upper}", "{country:d}", "{country[0]}", "{country", "country}"],
)
def test_no_translator_typo_can_break_screening(broken):
    def typo(message: str) -> str:
        return f"Pays : {broken}" if "{country}" in message else message

    result = screen(call_2022(), eligible(country="FR"), gettext=typo)
    assert result.criteria[Criterion.GEO].reason.startswith("National events are accepted")


@pytest.mark.parametrize(
    ("language", "start", "end"),
    [("en", "1 January 2022", "31 December 2022"), ("fr", "1 janvier 2022", "31 décembre 2022")],
)
def test_a_reader_gets_dates_in_words_and_formats_by_name(language, start, end):
    from django.utils import translation

    from opencall.screening.selectors import localized

    params = {"window_start": "2022-01-01", "window_end": "2022-12-31", "format": "training"}
    with translation.override(language):
        shown = localized(params)
        not_a_date = localized({"url": "https://example.org/2022-13-45"})["url"]
    assert (shown["window_start"], shown["window_end"]) == (start, end)
    assert shown["format"] == {"en": "Training session", "fr": "Session de formation"}[language]
    assert not_a_date == "https://example.org/2022-13-45"
