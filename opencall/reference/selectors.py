"""Reads of reference data, as the plain values the pure engines take."""

from opencall.reference import data
from opencall.reference.models import ReferenceVersion


def reference_data(*, version: ReferenceVersion) -> data.ReferenceData:
    hubs = tuple(
        data.Hub(
            code=hub.code,
            name=hub.name,
            region=hub.region,
            active_from=hub.active_from,
            contact_email=hub.contact_email,
            contact_url=hub.contact_url,
            names=hub.names,
        )
        for hub in version.hubs.all()
    )
    countries = {
        country.iso2: data.Country(
            iso2=country.iso2,
            name=country.name,
            hub_region=country.hub_region or None,
            priority=country.priority,
        )
        for country in version.countries.all()
    }
    team = data.Contact(
        name=version.community_team_name,
        email=version.community_team_email,
        url=version.community_team_url,
    )
    return data.ReferenceData(key=version.key, hubs=hubs, countries=countries, community_team=team)
