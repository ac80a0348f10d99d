"""The cost action takes only the call's offers and pools: anything else (too long, a
NUL byte, an unknown code) is a message on the page, never a 500 or a stored row."""

import pytest
from django.test import Client

from opencall.applications.models import ApplicationEvent
from opencall.selection.models import CostEstimate

pytestmark = pytest.mark.django_db

GOOD = {"action": "cost", "offer": "scholarships", "pool": "scholarships_usd", "amount": "10"}


def _post(people, application, **changes):
    client = Client()
    client.force_login(people.working_group)
    return client.post(
        f"/staff/calls/{application.call.slug}/applications/{application.number}/decision/",
        {**GOOD, **changes},
        follow=True,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"offer": "x" * 300}, "Offer: Select a valid choice."),
        ({"offer": "not_an_offer"}, "Offer: Select a valid choice."),
        ({"offer": "schol\x00arships"}, "Offer: Select a valid choice."),
        ({"pool": "\x00"}, "Pool: Select a valid choice."),
        ({"pool": "not_a_pool"}, "Pool: Select a valid choice."),
        ({"amount": "-1"}, "Amount: Ensure this value is greater than or equal to 0."),
    ],
)
def test_a_bad_cost_is_refused_with_a_message_naming_the_field(people, shortlist, changes, message):
    kenya = shortlist["kenya"]
    before = CostEstimate.objects.count()

    response = _post(people, kenya, **changes)

    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and shown[0].startswith(message), shown
    assert CostEstimate.objects.count() == before
    assert not ApplicationEvent.objects.filter(application=kenya, data__cost=True).exists()


def test_a_good_cost_is_saved(people, shortlist):
    kenya = shortlist["kenya"]

    response = _post(people, kenya)

    assert [str(m) for m in response.context["messages"]] == ["The cost is saved."]
    estimate = CostEstimate.objects.get(application=kenya, offer_code="scholarships")
    assert (estimate.pool.code, str(estimate.amount)) == ("scholarships_usd", "10.00")
