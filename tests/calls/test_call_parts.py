"""A call's offers and reference data are built once per call version and reused by
every save and live check, yet an edit (the admin's, a loader's) is used at once."""

import pytest

from opencall.applications.services import hub_code_for
from opencall.calls.models import Call, Offer
from opencall.calls.selectors import call_definition
from opencall.reference.models import Country, Hub

pytestmark = pytest.mark.django_db


def test_a_second_definition_reads_only_the_version(call_2022, django_assert_num_queries):
    call_definition(call=call_2022)
    with django_assert_num_queries(1):
        call_definition(call=call_2022)


def test_an_edited_offer_is_in_the_next_definition(call_2022):
    call_definition(call=call_2022)
    offer = Offer.objects.filter(call=call_2022).first()
    offer.label_en = "Printed maps for every table"
    offer.save()
    labels = {o.code: o.label["en"] for o in call_definition(call=call_2022).offers}
    assert labels[offer.code] == "Printed maps for every table"


def test_an_offer_removed_is_gone_from_the_next_definition(call_2022):
    before = {o.code for o in call_definition(call=call_2022).offers}
    offer = Offer.objects.filter(call=call_2022).first()
    offer.delete()
    assert {o.code for o in call_definition(call=call_2022).offers} == before - {offer.code}


def test_a_country_moved_to_another_hub_is_seen_at_the_next_save(call_2022):
    kenya = Country.objects.get(version=call_2022.reference_version, iso2="KE")
    before = hub_code_for(call=call_2022, country="KE")
    other = (
        Hub.objects.filter(version=call_2022.reference_version)
        .exclude(region=kenya.hub_region)
        .first()
    )
    kenya.hub_region = other.region
    kenya.save()
    assert hub_code_for(call=call_2022, country="KE") == other.code != before


def test_a_change_made_in_another_process_is_seen(call_2022):
    """Another process's edit reaches this one only through the database's version."""
    call_definition(call=call_2022)
    Offer.objects.filter(call=call_2022).update(label_en="Changed elsewhere")
    Call.objects.filter(pk=call_2022.pk).update(page_version=call_2022.page_version + 99)
    assert {o.label["en"] for o in call_definition(call=call_2022).offers} == {"Changed elsewhere"}


def test_the_same_definition_is_given_while_nothing_changed(call_2022):
    """The same object: the screening engine keeps the screener it built for it."""
    first = call_definition(call=call_2022)
    assert call_definition(call=call_2022) is first
    call_2022.closes_at = call_2022.closes_at.replace(year=call_2022.closes_at.year + 1)
    moved = call_definition(call=call_2022)  # an unsaved change counts too
    assert moved is not first and moved.closes_at == call_2022.closes_at
