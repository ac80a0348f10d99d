"""The shipped texts: every mail exists in English, French and Portuguese, uses only its own
placeholders, and the French one says "vous"."""

import re

import pytest

from opencall.mail.kinds import KINDS
from opencall.mail.rendering import Text, default_texts, placeholders_used, render, text_problems

LANGUAGES = ["en", "fr", "pt"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_mail_key_has_a_default_text_in_each_language(language):
    texts = default_texts(language)

    assert sorted(texts) == sorted(KINDS)
    for key, text in texts.items():
        assert set(text) == {"subject", "body"}, key
        assert text["subject"].strip() and text["body"].strip(), key


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(KINDS))
def test_default_text_uses_only_the_placeholders_of_its_mail(language, key):
    text = default_texts(language)[key]

    assert text_problems(key=key, subject=text["subject"], body=text["body"]) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(KINDS))
def test_default_text_renders_every_value_it_is_given(language, key):
    source = default_texts(language)[key]
    values = {name: f"<{name}>" for name in KINDS[key].placeholders}
    values.update(days_left=3, pending_count=2, count=2)

    rendered = render(Text(key, language, "default", source["subject"], source["body"]), values)

    used = placeholders_used(source["subject"]) | placeholders_used(source["body"])
    for name in used - {"days_left", "pending_count", "count"}:
        assert f"<{name}>" in rendered.subject + rendered.body_text, name
    assert "\n\n\n" not in rendered.body_text
    assert "{{" not in rendered.body_text and "{%" not in rendered.body_text


@pytest.mark.parametrize("key", sorted(KINDS))
def test_french_texts_address_the_reader_as_vous(key):
    text = default_texts("fr")[key]
    words = re.findall(r"[\w']+", (text["subject"] + " " + text["body"]).lower())

    assert not {"tu", "ton", "ta", "tes", "toi", "te"} & set(words)


def test_text_problems_names_unknown_placeholders_and_syntax_errors():
    problems = text_problems(
        key="submitted", subject="{{ reff }}", body="Hello {% if applicant_name %}"
    )

    assert problems == [
        "subject: unknown placeholder(s) reff",
        "text: Unclosed tag on line 1: 'if'. Looking for one of: elif, else, endif.",
    ]
