"""Forms of the selection pages: they parse input; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencall.selection.models import Decision
from opencall.staff.refs import short_ref

LOCK_CHOICES = [("", _("Optimiser decides")), ("in", _("Keep in")), ("out", _("Leave out"))]


class ScenarioForm(forms.Form):
    """A what-if: pools, bounds and locks. Fields are made from the call's settings."""

    name = forms.CharField(
        label=_("Name of this scenario"),
        max_length=100,
        # Hub managers see every scenario's name, but only their hub's applications.
        help_text=_("Everyone on this page sees it: name no event."),
    )
    max_events = forms.IntegerField(
        label=_("Most events supported"),
        help_text=_("The number of events the selection may hold at most; empty: no limit."),
        required=False,
        min_value=0,
    )

    def __init__(
        self,
        *args: Any,
        params: dict[str, Any],
        refs: list[str],
        labels: dict[str, str] | None = None,
        hubs: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        labels = labels or {}
        hubs = hubs or {}
        self.pool_codes = list(params["pools"])
        self.hub_codes = list(params["hubs"])
        self.refs = refs
        self.fields["max_events"].initial = params.get("max_events")
        for code, capacity in params["pools"].items():
            self.fields[f"pool_{code}"] = forms.DecimalField(
                label=labels.get(code, code),
                min_value=0,
                max_digits=12,
                decimal_places=2,
                # 20000, not 20000.0: a whole amount reads as one.
                initial=int(capacity)
                if capacity is not None and float(capacity).is_integer()
                else capacity,
            )
        for code, bound in params["hubs"].items():
            self.fields[f"hub_{code}_min"] = forms.IntegerField(
                label=_("%(hub)s: at least") % {"hub": hubs.get(code, code)},
                min_value=0,
                required=False,
                initial=bound.get("min"),
            )
            self.fields[f"hub_{code}_max"] = forms.IntegerField(
                label=_("%(hub)s: at most") % {"hub": hubs.get(code, code)},
                min_value=0,
                required=False,
                initial=bound.get("max"),
            )
        for ref in refs:
            # Shown in the candidate's row with a visually hidden <label> of its own.
            self.fields[f"lock_{ref}"] = forms.ChoiceField(
                label=_("Keep %(ref)s in or out of the selection") % {"ref": short_ref(ref)},
                required=False,
                choices=LOCK_CHOICES,
                initial=params.get("locks", {}).get(ref, ""),
            )

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "pools": {code: float(data[f"pool_{code}"]) for code in self.pool_codes},
            "max_events": data.get("max_events"),
            "hubs": {
                code: {"min": data.get(f"hub_{code}_min") or 0, "max": data.get(f"hub_{code}_max")}
                for code in self.hub_codes
            },
            "locks": {ref: data[f"lock_{ref}"] for ref in self.refs if data.get(f"lock_{ref}")},
            "time_limit_s": 30,
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    offers = forms.MultipleChoiceField(
        label=_("Offers granted"), required=False, widget=forms.CheckboxSelectMultiple
    )
    # The reason goes word for word into the applicant's decision mail (mail/decisions.py):
    # the form says so, and keeps what the team says to itself in a field of its own.
    reason = forms.CharField(
        label=_("Reason, for the applicant"),
        help_text=_(
            "The applicant will read this in their mail, word for word, once the decisions "
            "are released."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    internal_note = forms.CharField(
        label=_("Internal note, for the team"),
        required=False,
        help_text=_("Never sent: only the team sees it, here and in the timeline."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, offers: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["offers"].choices = offers


class CostForm(forms.Form):
    """The offer and the pool come from hidden fields: only the call's own codes pass
    (anything else once reached the database, too long or with a NUL byte)."""

    offer = forms.ChoiceField(label=_("Offer"), widget=forms.HiddenInput)
    pool = forms.ChoiceField(label=_("Pool"), widget=forms.HiddenInput)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=12, decimal_places=2)
    agreed = forms.BooleanField(label=_("Agreed with the applicant"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, offers: list[str], pools: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [(code, code) for code in offers]
        self.fields["pool"].choices = [(code, code) for code in pools]

    def problems(self) -> str:
        """Every error, each after its field's name, for a message on the page."""
        return " ".join(
            _("%(label)s: %(error)s") % {"label": self.fields[name].label, "error": error}
            for name, errors in self.errors.items()
            for error in errors
        )
