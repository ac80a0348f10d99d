"""The selection's settings in the admin: pools, costs, dependencies, bounds."""

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from opencall.selection.admin import ResourcePoolForm
from opencall.selection.models import ResourcePool
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db


def _form(pool, **changes):
    data = {k: v for k, v in model_to_dict(pool).items() if v is not None} | changes
    return ResourcePoolForm(data=data, instance=pool)


@pytest.fixture
def committed(shortlist, people):
    decide(shortlist["kenya"], people, "accepted", ["scholarships"])
    return ResourcePool.objects.get(call=shortlist["kenya"].call, code="scholarships_usd")


def test_a_pool_cannot_shrink_below_what_final_decisions_took(committed):
    form = _form(committed, capacity="3999")
    assert not form.is_valid()
    assert form.errors["capacity"] == [
        "Final decisions already take 4000 from this pool: its capacity cannot be less."
    ]
    assert _form(committed, capacity="4000").is_valid()


def test_a_pool_in_use_keeps_its_code_and_a_free_one_can_change(committed, call_2022):
    assert "code" in _form(committed, code="grants").errors
    free = ResourcePool.objects.get(call=call_2022, code="editorial_hours")
    form = _form(free, code="editing_hours", capacity="90")
    assert form.is_valid(), form.errors
    form.save()
    assert ResourcePool.objects.get(pk=free.pk).capacity == Decimal("90")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/selection/resourcepool/",
        "/admin/selection/offercost/",
        "/admin/selection/offerrequirement/",
        "/admin/selection/hubbound/",
        "/admin/selection/selectionsettings/",
    ],
)
def test_the_site_administrator_finds_each_list(client, people, shortlist, path):
    client.force_login(people.site_admin)
    assert client.get(path).status_code == 200


def test_the_admin_page_refuses_the_shrink_and_keeps_what_was_typed(client, people, committed):
    client.force_login(people.site_admin)
    data = {k: v for k, v in model_to_dict(committed).items() if v is not None}
    response = client.post(
        f"/admin/selection/resourcepool/{committed.pk}/change/", data | {"capacity": "3999"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Final decisions already take 4000 from this pool" in page
    assert 'value="3999"' in page
    assert ResourcePool.objects.get(pk=committed.pk).capacity == Decimal("15000")
