"""An application to the 2027 community grants call (calls/community-grants-2027.toml)
with every one of the call's own questions answered, and staff of that call.

Test modules import the fixtures they use (`from tests.community import ...`).
"""

from __future__ import annotations

import pytest

from tests.accounts.people import make_staff
from tests.factories import ApplicationFactory

SLUG = "community-grants-2027"
PROGRAMME = {"name": "programme.pdf", "size": 1_258_291, "type": "pdf", "key": "x/prog.pdf"}
# The private answer's value: it must never leave the staff's own pages and API.
BANK_COUNTRY = "LI"
ANSWERS = {
    "held_before": True,
    "last_report_url": "https://example.org/report-2026",
    "women_speakers": 45,
    "topics": ["local_mapping", "education"],
    "programme_file": PROGRAMME,
    "budget": 45000,
    "bank_country": BANK_COUNTRY,
}


def community_application(call, answers: dict | None = None, **extra):
    """A screened application (an event in Kenya) with these answers in its document."""
    return ApplicationFactory(
        call=call, document={"answers": ANSWERS if answers is None else answers}, **extra
    )


@pytest.fixture
def community_staff(community_call):
    return make_staff(community_call)


@pytest.fixture
def answered(community_call):
    return community_application(community_call)
