"""The country lists' QuickSelect writes exactly the HTML Django's Select would."""

import pytest
from django import forms

from opencall.cfp.forms import EventForm, WhenWhereForm
from opencall.cfp.widgets import QuickSelect

CHOICES = [
    ("", "—"),
    ("CI", "Côte d'Ivoire"),
    ("KE", "Kenya"),
    ("XX", '<b>"Tag" & more</b>'),
    (7, "A number"),
]


@pytest.mark.parametrize("value", [None, "", "KE", "XX", "7", 7, "ZZ", ["KE", "XX"]])
@pytest.mark.parametrize(
    "attrs",
    [None, {"id": "id_country"}, {"id": "c", "required": True, "aria-invalid": "true"}],
)
def test_the_same_html_as_django(value, attrs):
    quick, django = QuickSelect(choices=CHOICES), forms.Select(choices=CHOICES)
    assert quick.render("country", value, attrs) == django.render("country", value, attrs)


def test_grouped_choices_are_left_to_django():
    groups = [("Africa", [("KE", "Kenya"), ("UG", "Uganda")]), ("", [("FR", "France")])]
    quick, django = QuickSelect(choices=groups), forms.Select(choices=groups)
    assert quick.render("country", "UG", None) == django.render("country", "UG", None)


@pytest.mark.parametrize("form", [EventForm, WhenWhereForm])
def test_the_step_forms_country_lists_use_it(form):
    assert isinstance(form.base_fields["country"].widget, QuickSelect)
