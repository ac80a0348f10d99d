"""The two-letter codes a document accepts are pycountry's: the language codes are read
from its data file (applications/document.py), without building its 8,000 languages."""

import pycountry

from opencall.applications.document import _alpha_2_codes


def test_the_language_codes_are_pycountrys():
    languages = {
        language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
    }
    assert _alpha_2_codes()[1] == languages
    assert {"sw", "fr", "pt"} <= languages


def test_the_country_codes_are_pycountrys():
    assert _alpha_2_codes()[0] == {country.alpha_2 for country in pycountry.countries}
