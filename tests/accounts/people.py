"""Staff of a call in every role, and applications made straight in the database.

Shared by the tests of accounts, reviews, conversations and staff (their conftest
files import these fixtures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

PASSWORD = "a long enough password 2022"

DOCUMENT: dict[str, Any] = {
    "event_name": "State of the Map Kenya",
    "format": "conference",
    "organisation": "OpenStreetMap Kenya",
    "contacts": [{"name": "Wanjiru", "email": "wanjiru@example.org"}],
    "scope": "regional",
    "language": "en",
    "country": "KE",
    "city": "Nairobi",
    "start_date": "2022-10-10",
    "end_date": "2022-10-12",
    "themes": ["osm"],
    "offers": [{"type": "scholarships", "details": "20 grants", "amount_usd": "4000"}],
}


@dataclass
class Staff:
    working_group: Any
    hub_esa: Any
    hub_ap: Any
    call_admin: Any
    site_admin: Any
    outsider: Any  # works on another call
    nobody: Any  # signed in, no role anywhere


def make_user(username: str, **extra: Any) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    return user


def make_staff(call: Any, other_call: Any | None = None) -> Staff:
    from opencall.accounts.services import membership_add

    staff = Staff(
        working_group=make_user("wg"),
        hub_esa=make_user("hub-esa"),
        hub_ap=make_user("hub-ap"),
        call_admin=make_user("admin"),
        site_admin=make_user("root", is_superuser=True, is_staff=True),
        outsider=make_user("outsider"),
        nobody=make_user("nobody"),
    )
    membership_add(user=staff.working_group, call=call, role="working_group")
    membership_add(user=staff.hub_esa, call=call, role="hub_manager", hub_code="esa")
    membership_add(user=staff.hub_ap, call=call, role="hub_manager", hub_code="ap")
    membership_add(user=staff.call_admin, call=call, role="call_admin")
    if other_call is not None:
        membership_add(user=staff.outsider, call=other_call, role="working_group")
    return staff


def make_application(call: Any, *, status: str = "screened", **document: Any) -> Any:
    """An application as if submitted (and screened), without the form or mail."""
    from django.db.models import F

    from opencall.applications.models import Application
    from opencall.applications.services import hub_code_for
    from opencall.calls.models import Call

    doc = {**DOCUMENT, **document}
    Call.objects.filter(pk=call.pk).update(application_count=F("application_count") + 1)
    call.refresh_from_db(fields=["application_count"])
    submitted = None if status == "draft" else timezone.now() - dt.timedelta(days=1)
    return Application.objects.create(
        call=call,
        number=call.application_count,
        status=status,
        document=doc,
        email=doc["contacts"][0]["email"],
        event_name=doc.get("event_name") or "",
        country=doc.get("country") or "",
        hub_code=hub_code_for(call=call, country=doc.get("country") or ""),
        scope=doc.get("scope") or "",
        format=doc.get("format") or "",
        start_date=doc.get("start_date"),
        submitted_at=submitted,
    )


@pytest.fixture
def staff(call_2022, open_call):
    return make_staff(call_2022, other_call=open_call)


@pytest.fixture
def kenyan(call_2022):
    """A screened application whose event is in Kenya: the ESA hub's region."""
    return make_application(call_2022)


@pytest.fixture
def filipino(call_2022):
    """A screened application whose event is in the Philippines: the AP hub's region."""
    return make_application(
        call_2022, event_name="State of the Map Asia", country="PH", city="Manila"
    )
