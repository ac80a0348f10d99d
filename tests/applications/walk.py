"""Walk the application form with Django's test client, as an applicant would."""

import re

from django.test import Client

from opencall.applications.models import Application

EVENT = {
    "event_name": "State of the Map Kenya",
    "format": "conference",
    "organisation": "OpenStreetMap Kenya",
    "contact_name_0": "Wanjiru",
    "contact_email_0": "wanjiru@example.org",
    "language": "en",
}
WHEN_WHERE = {
    "start_date": "",
    "end_date": "",
    "city": "Nairobi",
    "country": "KE",
    "expected_attendance": "300",
    "event_languages": ["en", "sw"],
}
AUDIENCE = {"scope": "regional", "virtual_component": "yes", "serves_countries": ["KE", "UG"]}
CONTENT = {
    "programme_url": "https://example.org/programme",
    "themes": ["osm", "disaster"],
    "community_value": "Mappers from five countries of the region meet and learn together.",
}
PARTICIPATION = {
    "registration": "open",
    "registration_url": "https://example.org/register",
    "code_of_conduct": "planned",
}
SUPPORT = {
    "want_scholarships": "on",
    "details_scholarships": "20 grants",
    "amount_scholarships": "4000",
}


def form_key(client: Client, call) -> str:
    page = client.get(f"/calls/{call.slug}/apply/")
    return re.search(r'name="form_key" value="([^"]+)"', page.content.decode()).group(1)


def start(client: Client, call, **changes) -> tuple[str, Application]:
    """Post step 1; returns the private base path and the draft."""
    data = {**EVENT, "form_key": form_key(client, call), **changes}
    response = client.post(f"/calls/{call.slug}/apply/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    base = response["Location"].rsplit("/", 2)[0] + "/"
    return base, Application.objects.get(email=data["contact_email_0"], call=call)


def fill_all(client: Client, base: str, *, dates: tuple[str, str]) -> None:
    steps = [
        ("when-where", {**WHEN_WHERE, "start_date": dates[0], "end_date": dates[1]}),
        ("audience", AUDIENCE),
        ("content", CONTENT),
        ("participation", PARTICIPATION),
        ("support", SUPPORT),
    ]
    for slug, data in steps:
        response = client.post(f"{base}{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
