"""Country and language names in the reader's language, from pycountry's ISO data."""

import functools
import gettext
import re
import unicodedata
from collections.abc import Iterable

import pycountry


@functools.cache
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def name_sort_key(text: str) -> str:
    """How names sort for a reader: accents and case aside ("Égypte" under E)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


# pycountry's Spanish and Portuguese catalogues keep a few names in the inverted order of
# an index ("Congo, República Democrática del"); a reader writes them the other way round.
_NAMES_AS_WRITTEN = {
    ("es", "CD"): "República Democrática del Congo",
    ("es", "KM"): "Comoras",
    ("es", "FM"): "Micronesia",
    ("es", "PS"): "Palestina",
    ("es", "VG"): "Islas Vírgenes Británicas",
    ("es", "VI"): "Islas Vírgenes de los Estados Unidos",
    ("pt", "CD"): "República Democrática do Congo",
    ("pt", "FM"): "Micronésia",
    ("pt", "PS"): "Palestina",
    ("pt", "VG"): "Ilhas Virgens Britânicas",
    ("pt", "VI"): "Ilhas Virgens Americanas",
}


def country_name(code: str, language: str = "en") -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    if written := _NAMES_AS_WRITTEN.get((language.split("-")[0].split("_")[0], country.alpha_2)):
        return written
    name = getattr(country, "common_name", None) or country.name
    return _catalogue("iso3166-1", language).gettext(name)


@functools.cache
def country_choices(language: str) -> list[tuple[str, str]]:
    pairs = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: name_sort_key(pair[1]))


# ISO's qualifiers ("Swahili (macrolanguage)", "Modern Greek (1453-)") mean nothing to
# an organiser: people read and type the plain name.
_QUALIFIER = re.compile(r"\s*\([^)]*\)$")


def _iso_language_name(code: str, language: str) -> str | None:
    entry = pycountry.languages.get(alpha_2=code) if code else None
    if entry is None:
        return None
    return _catalogue("iso639-3", language).gettext(entry.name)


def language_name(code: str, language: str = "en") -> str:
    """The plain name of an ISO 639-1 language, in `language`, capitalised."""
    name = _iso_language_name(code, language)
    if name is None:
        return code
    plain = _QUALIFIER.sub("", name)
    return plain[:1].upper() + plain[1:]


@functools.cache
def language_choices(language: str) -> list[tuple[str, str]]:
    pairs = [
        (entry.alpha_2, language_name(entry.alpha_2, language))
        for entry in pycountry.languages
        if hasattr(entry, "alpha_2")
    ]
    return sorted(pairs, key=lambda pair: name_sort_key(pair[1]))


@functools.cache
def _codes_by_name(languages: tuple[str, ...]) -> dict[str, str]:
    """Every way of writing a language's name in `languages` -> its code; the first
    language wins where two languages write different languages' names alike."""
    index: dict[str, str] = {}
    for language in languages:
        for code, name in language_choices(language):
            index.setdefault(name_sort_key(name), code)
            index.setdefault(name_sort_key(_iso_language_name(code, language) or code), code)
    for code, _name in language_choices("en"):
        index.setdefault(code, code)
    return index


def language_codes(text: str, languages: Iterable[str]) -> tuple[list[str], list[str]]:
    """The codes of the language names typed in `text` (separated by commas or
    semicolons; in any of `languages`, whatever the case or accents), and the names
    not recognised, as typed."""
    index = _codes_by_name(tuple(languages))
    codes: list[str] = []
    unknown: list[str] = []
    for typed in re.split(r"[,;]", text):
        name = typed.strip()
        if not name:
            continue
        key = name_sort_key(name)  # empty for a name in a script without Latin letters
        code = index.get(key) if key else None
        if code is None:
            unknown.append(name)
        elif code not in codes:
            codes.append(code)
    return codes, unknown
