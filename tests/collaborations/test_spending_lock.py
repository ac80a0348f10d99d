"""Committed and spent together never exceed a pool, even when two people record
spending at the same moment: the pools' lock of decisions serialises them (issue 13)."""

import threading
from decimal import Decimal

import pytest
from django.db import connections

from opencall.collaborations import services
from opencall.collaborations.models import Collaboration
from opencall.selection import selectors
from opencall.selection.models import ResourcePool
from tests.fixtures.selection import decide
from tests.fixtures.selection import release_and_confirm as release_and_open


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_people_recording_spending_at_once_cannot_overspend_a_pool(
    shortlist, people, call_2022
):
    # Each event committed 4,000 of 10,000; each spends 5,500: alone it fits (9,500),
    # both together would take 11,000.
    ResourcePool.objects.filter(call=call_2022, code="scholarships_usd").update(capacity=10000)
    manila = shortlist["manila"]
    manila.document = {
        **manila.document,
        "offers": [{"type": "scholarships", "amount_usd": "4000"}],
    }
    manila.save()
    decide(shortlist["kenya"], people, "accepted", ["scholarships"])
    decide(manila, people, "accepted", ["scholarships"])
    release_and_open(call=call_2022, user=people.call_admin)  # opens both
    pool = ResourcePool.objects.get(call=call_2022, code="scholarships_usd")
    collaborations = list(Collaboration.objects.all())
    assert len(collaborations) == 2

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def spend(collaboration):
        try:
            barrier.wait()
            services.spending_set(
                collaboration=collaboration, pool=pool, amount=Decimal(5500), user=people.call_admin
            )
            outcomes.append("recorded")
        except services.CollaborationRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=spend, args=(c,)) for c in collaborations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["recorded", "refused"]
    use = selectors.pool_use(call=call_2022)["scholarships_usd"]
    assert use.in_use == Decimal(9500)
    assert use.in_use <= pool.capacity
