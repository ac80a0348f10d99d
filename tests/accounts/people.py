"""Staff of a call in every role, and two applications (made by tests/factories.py).

Shared by the tests of accounts, reviews, conversations and staff (their conftest
files import these fixtures).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import ApplicationFactory

PASSWORD = "a long enough password 2022"


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


@pytest.fixture
def staff(call_2022, open_call):
    return make_staff(call_2022, other_call=open_call)


@pytest.fixture
def kenyan(call_2022):
    """A screened application whose event is in Kenya: the ESA hub's region."""
    return ApplicationFactory(call=call_2022)


@pytest.fixture
def filipino(call_2022):
    """A screened application whose event is in the Philippines: the AP hub's region."""
    return ApplicationFactory(
        call=call_2022, event_name="State of the Map Asia", country="PH", city="Manila"
    )
