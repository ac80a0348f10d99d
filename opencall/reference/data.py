"""Reference data as plain values: hubs and countries, read from a versioned folder.

Pure Python (no Django) so that the screening engine and the command line can use
it without a database; the `load_reference` command stores the same values in the
database, where staff can correct them.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class ReferenceDataError(ValueError):
    """A reference data file is missing or malformed; the message names file and row."""


Names = dict[str, dict[str, str]]  # language -> {"name": ..., "region": ...}


def named_in(names: Names, language: str | None, key: str, default: str) -> str:
    """A hub's name or region in a language, or `default` (the reference's own, in
    English) when the reference data does not give that language."""
    return (names.get((language or "")[:2]) or {}).get(key) or default


def read_names(row: dict[str, str]) -> Names:
    """The optional columns hub_<language> and region_<language> of a hubs.csv row."""
    names: Names = {}
    for column, value in row.items():
        key, _sep, language = (column or "").partition("_")
        if key in ("hub", "region") and len(language) == 2 and (value or "").strip():
            names.setdefault(language, {})["name" if key == "hub" else "region"] = value.strip()
    return names


@dataclass(frozen=True)
class Hub:
    code: str
    name: str
    region: str
    active_from: dt.date | None
    contact_email: str = ""
    contact_url: str = ""
    # Display only: the engine matches countries to hubs on `region`, in English.
    names: Names = field(default_factory=dict, compare=False, hash=False)

    def active_on(self, day: dt.date) -> bool:
        return self.active_from is not None and self.active_from <= day

    def name_in(self, language: str | None) -> str:
        return named_in(self.names, language, "name", self.name)

    def region_in(self, language: str | None) -> str:
        return named_in(self.names, language, "region", self.region)


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    hub_region: str | None
    priority: bool


@dataclass(frozen=True)
class Contact:
    """Whom to send an applicant to: a hub, or HOT's community team."""

    name: str
    email: str = ""
    url: str = ""


@dataclass(frozen=True)
class ReferenceData:
    key: str
    hubs: tuple[Hub, ...]
    countries: dict[str, Country] = field(default_factory=dict)
    community_team: Contact = Contact(name="")

    def country(self, iso2: str | None) -> Country | None:
        return self.countries.get(iso2) if iso2 else None

    def hub_for_region(self, region: str | None) -> Hub | None:
        return next((hub for hub in self.hubs if hub.region == region), None) if region else None

    def hub_for_country(self, iso2: str | None) -> Hub | None:
        country = self.country(iso2)
        return self.hub_for_region(country.hub_region) if country else None

    def is_priority(self, iso2: str | None) -> bool:
        country = self.country(iso2)
        return bool(country and country.priority)


def parse_date(value: str, where: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ReferenceDataError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from exc


def _rows(path: Path, required: set[str]) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = required - set(reader.fieldnames or ())
            if missing:
                raise ReferenceDataError(f"{path}: missing columns {', '.join(sorted(missing))}")
            return list(reader)
    except OSError as exc:
        raise ReferenceDataError(f"{path}: cannot be read ({exc.strerror})") from exc


def read_version(folder: Path) -> dict[str, object]:
    path = folder / "version.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReferenceDataError(f"{path}: cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ReferenceDataError(f"{path}: {exc}") from exc


def read_hub_rows(folder: Path) -> list[dict[str, str]]:
    return _rows(folder / "hubs.csv", {"code", "hub", "region", "active_from", "source"})


def read_country_rows(folder: Path) -> list[dict[str, str]]:
    rows = _rows(folder / "priority_countries.csv", {"iso2", "name", "hub_region", "priority"})
    for number, row in enumerate(rows, start=2):
        if row["priority"].strip().lower() not in {"true", "false"}:
            raise ReferenceDataError(
                f"priority_countries.csv line {number}: priority must be true or false"
            )
    return rows


def load_reference(folder: str | Path) -> ReferenceData:
    folder = Path(folder)
    version = read_version(folder)
    hubs = tuple(
        Hub(
            code=row["code"],
            name=row["hub"],
            region=row["region"],
            active_from=parse_date(row["active_from"], f"hubs.csv line {number}"),
            contact_email=row.get("contact_email", ""),
            contact_url=row.get("contact_url", ""),
            names=read_names(row),
        )
        for number, row in enumerate(read_hub_rows(folder), start=2)
    )
    countries = {
        row["iso2"].upper(): Country(
            iso2=row["iso2"].upper(),
            name=row["name"],
            hub_region=row["hub_region"] or None,
            priority=row["priority"].strip().lower() == "true",
        )
        for row in read_country_rows(folder)
    }
    team = Contact(
        name=str(version.get("community_team_name", "")),
        email=str(version.get("community_team_email", "")),
        url=str(version.get("community_team_url", "")),
    )
    return ReferenceData(
        key=str(version["key"]), hubs=hubs, countries=countries, community_team=team
    )
