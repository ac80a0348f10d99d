import dataclasses

import pytest

from tests.fixtures.data import CALL_FILE

# The 2022 call's criteria, in the order the API lists them (call page order).
CRITERIA = [
    "FORMAT",
    "WHEN_WHERE",
    "PROGRAMME",
    "TEAM",
    "PUBLIC_TICKETS",
    "COMMUNITY_VALUE",
    "CODE_OF_CONDUCT",
    "THEMES",
    "GEO",
    "DEADLINE",
    "PERIOD",
]


@pytest.fixture(autouse=True)
def _no_earlier_requests():
    # The check's throttle counts requests in the cache: each test starts afresh.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def another_call(reference_version):
    """Loads one more real (not practice) call, a copy of the 2022 file under a new slug."""
    from opencall.calls.definition import load_definition
    from opencall.staff.loading import call_install

    def load(slug: str):
        definition = dataclasses.replace(load_definition(CALL_FILE), slug=slug)
        return call_install(definition=definition).call

    return load


# Staff of the 2022 call and two of its applications (tests/accounts/people.py).
from tests.accounts.people import filipino, kenyan, staff  # noqa: E402, F401


@pytest.fixture
def bearer():
    """The headers of a request made with a new token of `user`."""
    from opencall.accounts.services import token_create

    def headers(user, **extra) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_create(user=user, name='test').secret}", **extra}

    return headers


# Staff of the 2027 community grants call and an application answering its own questions.
from tests.community import answered, community_staff  # noqa: E402, F401 (fixtures)
