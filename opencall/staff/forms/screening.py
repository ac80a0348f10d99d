"""Input of the screening pages: every value checked here, so the database only ever
sees codes it knows (PostgreSQL refuses a NUL byte with an error, not a miss)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencall.calls.questions import ExtraCriterion
from opencall.screening.criteria import CRITERIA, call_criteria
from opencall.screening.models import Outcome, Verdict

ANY = [("", _("all"))]
NO_HUB = "none"


class ScreeningFilterForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), required=False, choices=ANY + Verdict.choices)
    criterion = forms.ChoiceField(
        label=_("Criterion"), required=False, choices=ANY + [(c.id, c.title) for c in CRITERIA]
    )
    outcome = forms.ChoiceField(
        label=_("Result"), required=False, choices=[("", _("fails or unclear")), *Outcome.choices]
    )
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(
        self,
        *args: Any,
        hubs: list[tuple[str, str]],
        countries: list[tuple[str, str]],
        extra: Iterable[ExtraCriterion] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [*ANY, *hubs, (NO_HUB, _("no hub"))]
        self.fields["country"].choices = [*ANY, *countries]
        self.fields["criterion"].choices = ANY + [(c.id, c.title) for c in call_criteria(extra)]
        if self.data.get("country"):  # a typed link (?country=ph) still filters
            self.data = self.data.copy()
            self.data["country"] = self.data["country"].upper()

    def filters(self) -> dict[str, str]:
        """The filters for the selector (call only when valid)."""
        return {key: value or "" for key, value in self.cleaned_data.items()}


class OverrideForm(forms.Form):
    """Django's CharField refuses NUL bytes; the service words the other refusals."""

    criterion = forms.ChoiceField(choices=[(c.id, c.id) for c in CRITERIA])
    result = forms.ChoiceField(choices=[*Outcome.choices, ("computed", "computed")])
    reason = forms.CharField(label=_("Reason"), required=False, strip=False)

    def __init__(self, *args: Any, extra: Iterable[ExtraCriterion] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.id, c.id) for c in call_criteria(extra)]
