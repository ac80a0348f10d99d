"""Every language the app offers ships complete: every message of its catalogue is
translated, none is a guess left for review, the compiled catalogue says the same as the
source, and no text of the code is missing from it. One test per language of
settings.LANGUAGES (English is the source language and has no catalogue)."""

import ast
import gettext
import os
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PER_LANGUAGE = pytest.mark.parametrize("language", TRANSLATED)


def _catalogue(language: str, root: Path = ROOT) -> Path:
    return root / "opencall" / "locale" / language / "LC_MESSAGES" / "django.po"


def _entries(path: Path) -> list[dict[str, object]]:
    """A small reader of the .po format: enough for what makemessages writes."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append(current)
            current, key = {}, ""
        elif line.startswith("#,"):
            current["flags"] = line[2:].strip()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] = str(current[key]) + ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            current[key] = ast.literal_eval(value)
    # Obsolete entries (#~, kept by makemessages) carry no msgid line of their own.
    return [entry for entry in entries if entry.get("msgid", "") != ""]


def test_every_offered_language_but_english_has_a_catalogue():
    assert set(TRANSLATED) >= {"fr", "es", "pt"}
    assert [language for language in TRANSLATED if not _catalogue(language).exists()] == []


@PER_LANGUAGE
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = _entries(_catalogue(language))
    assert len(entries) > 500
    untranslated = [
        entry["msgid"]
        for entry in entries
        if not all(entry[k] for k in entry if str(k).startswith("msgstr"))
    ]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in str(entry.get("flags", ""))]
    assert untranslated == []
    assert fuzzy == []


@PER_LANGUAGE
def test_the_compiled_catalogue_matches_the_source(language):
    with _catalogue(language).with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _entries(_catalogue(language)):
        if "msgid_plural" in entry or "msgctxt" in entry:
            continue
        if compiled.gettext(str(entry["msgid"])) != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert stale == [], "run `make messages` after editing the .po file"


@pytest.mark.slow
def test_every_message_in_the_code_is_in_every_catalogue(tmp_path):
    """makemessages, run on a copy of the code, finds no message a catalogue lacks: a text
    added to a page or a mail without its translation would otherwise show in English."""
    import shutil
    import subprocess
    import sys

    shutil.copytree(
        ROOT / "opencall",
        tmp_path / "opencall",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "vendor"),
    )
    # One run for every language: makemessages extracts the code's texts once.
    languages = [arg for language in TRANSLATED for arg in ("-l", language)]
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", *languages, "--no-location", "-v", "0"],
        cwd=tmp_path,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "opencall.settings",
            "PYTHONPATH": str(tmp_path),
        },
        check=True,
    )
    missing = {}
    for language in TRANSLATED:
        known = {str(entry["msgid"]) for entry in _entries(_catalogue(language))}
        regenerated = _entries(_catalogue(language, tmp_path))
        lacking = [str(e["msgid"]) for e in regenerated if str(e["msgid"]) not in known]
        if lacking:
            missing[language] = lacking
    assert missing == {}, (
        "run `make translations`, translate these in the .po files, then `make messages`"
    )
