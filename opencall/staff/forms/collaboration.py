"""Input of the collaboration page: parsed and validated here, decided by the services
(opencall/collaborations/services.py)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from opencall.collaborations.workflow import DeliverableStatus


class DeliverableMoveForm(forms.Form):
    status = forms.ChoiceField(label=_("Mark as"), choices=DeliverableStatus.choices)
    reason = forms.CharField(
        label=_("Why it is dropped"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeliverableForm(forms.Form):
    what = forms.CharField(
        label=_("What HOT does"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    team = forms.CharField(label=_("Owning team"), max_length=100, required=False)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Nobody yet")), *people]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SpendForm(forms.Form):
    pool = forms.ChoiceField(label=_("Pool"))
    amount = forms.DecimalField(
        label=_("Spent in all"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        localize=True,
    )

    def __init__(self, *args, pools: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pool"].choices = pools
