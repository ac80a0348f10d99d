"""Loading reference data from a versioned folder into the database."""

from pathlib import Path

from django.db import transaction

from opencall.reference.data import (
    ReferenceDataError,
    parse_date,
    read_country_rows,
    read_hub_rows,
    read_names,
    read_version,
)
from opencall.reference.models import Country, Hub, ReferenceVersion


@transaction.atomic
def reference_load(*, folder: Path) -> tuple[ReferenceVersion, bool]:
    """Store the folder's version; rows already there are updated from the files.

    Returns the version and whether it was created. Loading the same folder twice
    changes nothing, so the run command can load it every time.
    """
    meta = read_version(folder)
    try:
        key = str(meta["key"])
        title = str(meta["title"])
        source = str(meta["source"])
    except KeyError as exc:
        raise ReferenceDataError(f"{folder / 'version.toml'}: '{exc.args[0]}' is missing") from exc
    version, created = ReferenceVersion.objects.update_or_create(
        key=key,
        defaults={
            "title": title,
            "source": source,
            "published_on": meta.get("published_on"),
            "community_team_name": meta.get("community_team_name", ""),
            "community_team_email": meta.get("community_team_email", ""),
            "community_team_url": meta.get("community_team_url", ""),
        },
    )
    if not created:
        # A version's facts stay as loaded (calls were screened on them); the names in
        # other languages change no verdict, so a newer file may add or correct them.
        for row in read_hub_rows(folder):
            Hub.objects.filter(version=version, code=row["code"]).update(names=read_names(row))
        return version, False
    for number, row in enumerate(read_hub_rows(folder), start=2):
        Hub.objects.create(
            version=version,
            code=row["code"],
            name=row["hub"],
            region=row["region"],
            active_from=parse_date(row["active_from"], f"hubs.csv line {number}"),
            active_note=row.get("active_note", ""),
            base=row.get("base", ""),
            contact_email=row.get("contact_email", ""),
            contact_url=row.get("contact_url", ""),
            source=row["source"],
            names=read_names(row),
        )
    Country.objects.bulk_create(
        Country(
            version=version,
            iso2=row["iso2"].upper(),
            name=row["name"],
            hub_region=row["hub_region"],
            priority=row["priority"].strip().lower() == "true",
            source=row.get("source", ""),
            confidence=row.get("confidence") or "stated",
        )
        for row in read_country_rows(folder)
    )
    return version, True
