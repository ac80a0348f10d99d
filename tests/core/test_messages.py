"""Stored texts worded when read (opencall/core/messages.py): a translator's typo never
breaks a page, it is logged and the English is shown."""

import logging

from opencall.core.messages import Catalogue

CATALOGUE = Catalogue({"hub.short": "{hub} is short of {pool}"})


def test_a_good_translation_is_used():
    french = {"{hub} is short of {pool}": "il manque {pool} à {hub}"}.get
    assert CATALOGUE.render("hub.short", {"hub": "ESA", "pool": "heures"}, french) == (
        "il manque heures à ESA"
    )


def test_a_malformed_translation_falls_back_to_english_and_is_logged(caplog):
    broken = {"{hub} is short of {pool}": "il manque {pool à {hub}"}.get  # unbalanced brace
    with caplog.at_level(logging.WARNING, logger="opencall.core.messages"):
        text = CATALOGUE.render("hub.short", {"hub": "ESA", "pool": "hours"}, broken)
    assert text == "ESA is short of hours"
    assert "message hub.short: malformed translation, English used" in caplog.text


def test_an_unknown_placeholder_in_a_translation_falls_back_too(caplog):
    extra = {"{hub} is short of {pool}": "{hub} manque {pool} et {secret}"}.get
    with caplog.at_level(logging.WARNING, logger="opencall.core.messages"):
        assert CATALOGUE.render("hub.short", {"hub": "ESA", "pool": "hours"}, extra) == (
            "ESA is short of hours"
        )
    assert "malformed translation" in caplog.text
