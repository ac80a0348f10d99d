"""Country and language names in the reader's language, from pycountry's ISO data."""

import functools
import gettext
import unicodedata

import pycountry


@functools.cache
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _sort_key(text: str) -> str:
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
    return sorted(pairs, key=lambda pair: _sort_key(pair[1]))


def language_name(code: str, language: str = "en") -> str:
    entry = pycountry.languages.get(alpha_2=code) if code else None
    if entry is None:
        return code
    return _catalogue("iso639-3", language).gettext(entry.name)


@functools.cache
def language_choices(language: str) -> list[tuple[str, str]]:
    pairs = [
        (entry.alpha_2, language_name(entry.alpha_2, language))
        for entry in pycountry.languages
        if hasattr(entry, "alpha_2")
    ]
    return sorted(pairs, key=lambda pair: _sort_key(pair[1]))
