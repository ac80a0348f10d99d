"""The optimiser's sentences: English as plain strings, stored as codes, worded again."""

import copy
import gettext as gettext_module
import json
import string
from pathlib import Path

import pytest

from opencall.selection.instance import Application, HubBounds, Instance, Offer
from opencall.selection.optimiser import optimise
from opencall.selection.texts import MESSAGES, Text, as_data, say

LOCALE = Path(__file__).resolve().parents[2] / "opencall" / "locale"


def french() -> gettext_module.GNUTranslations:
    return gettext_module.translation("django", LOCALE, languages=["fr"])


def test_a_text_is_its_english_sentence_and_keeps_its_code():
    text = Text("why.hub_max", hub="ap", max=2)
    assert text == "hub ap max (2) reached"
    assert (text.code, dict(text.params)) == ("why.hub_max", {"hub": "ap", "max": 2})
    assert copy.deepcopy(text) is text
    assert copy.copy(text).params == text.params  # through __reduce__, as pickle does


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(KeyError):
        Text("why.no_such_message")


def test_nested_sentences_are_stored_and_worded_in_another_language():
    shortfalls = (
        Text("why.shortfall", amount="15", pool="editorial_hours", left="5"),
        Text("why.shortfall", amount="100", pool="sponsorship_usd", left="0"),
    )
    text = Text("why.short", offers="editorial", shortfalls=shortfalls)
    assert text == (
        "editorial needs 15 more in editorial_hours (5 left); 100 more in sponsorship_usd (0 left)"
    )
    stored = json.loads(json.dumps(as_data({"why": [text]})))
    assert say(stored["why"][0]) == text
    assert say(stored["why"][0], french().gettext) == (
        "editorial\xa0: il faut 15 de plus dans editorial_hours (reste 5)\u202f; 100 de plus dans "
        "sponsorship_usd (reste 0)"
    )


def test_text_stored_before_codes_reads_as_it_was():
    assert say("locked out", french().gettext) == "locked out"


def test_every_result_sentence_is_a_text():
    instance = Instance(
        pools={"hours": 10},
        applications=(
            Application("A", (Offer("editorial", 5, {"hours": 20}),), hub="ap"),
            Application("B", (Offer("editorial", 3, {"hours": 10}),), hub="ap"),
            Application("C", (Offer("editorial", 1, {"hours": 1}),), locked="out"),
        ),
        hubs={"ap": HubBounds(min=1)},
    )
    result = optimise(instance)
    sentences = [result.message, *(b.detail for b in result.binding)]
    sentences += [line for item in result.left_out for line in item.why]
    assert sentences and all(isinstance(s, Text) for s in sentences)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_each_french_template_has_the_english_placeholders(code):
    english = MESSAGES[code]
    translated = french().gettext(english)
    assert translated != english or code.startswith("group.")

    def fields(template: str) -> set[str]:
        return {name for _t, name, _s, _c in string.Formatter().parse(template) if name}

    assert fields(translated) == fields(english)
