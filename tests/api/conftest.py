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
def new_token():
    """A new token of `user` (NewToken: token, secret) for `calls`, every call of the
    database by default, read only unless `access` says otherwise.

    The service makes it for the calls its owner works on; the others are added after,
    as for a token made while its owner worked on them, whose roles have gone since
    (the tests of a missing role). An outsider's token is written the same way."""
    import secrets

    from opencall.accounts import selectors
    from opencall.accounts.models import ApiToken
    from opencall.accounts.services import NewToken, token_create
    from opencall.calls.models import Call

    def make(user, calls=None, access=ApiToken.Access.READ, name="test", expires_on=None):
        calls = list(Call.objects.all() if calls is None else calls)
        theirs = set(selectors.staff_calls(user=user))
        mine = [call for call in calls if call in theirs]
        if mine:
            new = token_create(
                user=user, name=name, calls=mine, access=access, expires_on=expires_on
            )
        else:
            secret = "oc_" + secrets.token_urlsafe(32)
            token = ApiToken.objects.create(
                user=user,
                name=name,
                prefix=secret[:9],
                secret_hash=selectors.secret_hash(secret),
                access=access,
                expires_on=expires_on or selectors.token_expiry_bounds()[1],
            )
            new = NewToken(token=token, secret=secret)
        new.token.calls.set(calls)
        return new

    return make


@pytest.fixture
def bearer(new_token):
    """The headers of a request made with a new token of `user` (new_token's arguments
    `calls` and `access`; every other keyword is a header)."""

    def headers(user, calls=None, access="read", **extra) -> dict[str, str]:
        return {"Authorization": f"Bearer {new_token(user, calls, access).secret}", **extra}

    return headers


# Staff of the 2027 community grants call and an application answering its own questions.
from tests.community import answered, community_staff  # noqa: E402, F401 (fixtures)
