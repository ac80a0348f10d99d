"""Country and language names in every language the app offers, from pycountry's
catalogues: the applicant picks their country from a list in their own language."""

import pytest

from opencall.core.countries import country_choices, country_name, language_name


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Mozambique"),
        ("fr", "Mozambique"),
        ("es", "Mozambique"),
        ("pt", "Moçambique"),
    ],
)
def test_country_names_come_in_the_readers_language(language, expected):
    assert country_name("MZ", language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "República Democrática del Congo"), ("pt", "República Democrática do Congo")],
)
def test_names_kept_inverted_by_the_catalogue_are_written_as_people_write_them(language, expected):
    assert country_name("CD", language) == expected


@pytest.mark.parametrize(
    ("language", "listed"),
    [
        ("es", ["Santa Elena, Ascensión y Tristán de Acuña"]),
        ("pt", ["Bonaire, Santo Eustáquio e Saba", "Santa Helena, Ascensão e Tristão da Cunha"]),
    ],
)
def test_no_country_of_the_list_reads_like_an_index_entry(language, listed):
    # Only lists of islands keep a comma: "Bonaire, Santo Eustáquio e Saba".
    assert [name for _code, name in country_choices(language) if ", " in name] == listed


@pytest.mark.parametrize("language", ["es", "pt"])
def test_the_country_list_is_translated_not_english(language):
    english = dict(country_choices("en"))
    translated = dict(country_choices(language))
    same = [code for code in english if english[code] == translated[code]]
    # Many names are the same in both (Bolivia, Chile, Kenya, Nigeria, ...), most are not.
    assert len(same) < len(english) / 2


@pytest.mark.parametrize(
    ("language", "expected"), [("es", "Portugués"), ("pt", "Português"), ("fr", "Portugais")]
)
def test_language_names_come_in_the_readers_language(language, expected):
    assert language_name("pt", language) == expected
