"""French ships complete: every message of the catalogue is translated, none is a
guess left for review, and the compiled catalogue says the same as the source."""

import ast
import gettext
import os
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "opencall" / "locale" / "fr" / "LC_MESSAGES"


def _entries(path: Path | None = None) -> list[dict[str, object]]:
    """A small reader of the .po format: enough for what makemessages writes."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    key = ""
    for line in [*(path or LOCALE / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
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


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = _entries()
    assert len(entries) > 500
    untranslated = [
        entry["msgid"]
        for entry in entries
        if not all(entry[k] for k in entry if str(k).startswith("msgstr"))
    ]
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in str(entry.get("flags", ""))]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _entries():
        if "msgid_plural" in entry or "msgctxt" in entry:
            continue
        if compiled.gettext(str(entry["msgid"])) != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert stale == [], "run `make messages` after editing the .po file"


@pytest.mark.slow
def test_every_message_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages, run on a copy of the code, finds no message the catalogue lacks: a text
    added to a page or a mail without its French would otherwise show in English."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(
        root / "opencall",
        tmp_path / "opencall",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "vendor"),
    )
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location", "-v", "0"],
        cwd=tmp_path,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "opencall.settings",
            "PYTHONPATH": str(tmp_path),
        },
        check=True,
    )
    regenerated = tmp_path / "opencall" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    known = {str(entry["msgid"]) for entry in _entries()}
    missing = [
        str(entry["msgid"]) for entry in _entries(regenerated) if str(entry["msgid"]) not in known
    ]
    assert missing == [], (
        "run `make translations`, translate these in the .po file, then `make messages`"
    )
