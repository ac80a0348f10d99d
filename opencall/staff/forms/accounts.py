from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from opencall.accounts import selectors
from opencall.accounts.models import ApiToken
from opencall.calls.models import Call


class CallChoice(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, two_factor: set[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.two_factor = two_factor

    def label_from_instance(self, call: Call) -> str:
        if call.pk in self.two_factor:
            return _("%(title)s (requires two-factor sign-in: it refuses tokens)") % {
                "title": call.title
            }
        return str(call.title)


class TokenForm(forms.Form):
    """A token's name and scope: which of the person's calls, reading or writing too,
    and its last day (90 days from today unless chosen, a year at most)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, so you know which one to revoke: “queue export”."),
    )
    access = forms.ChoiceField(
        label=_("What it may do"),
        choices=ApiToken.Access.choices,
        initial=ApiToken.Access.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read only: it reads applications. Read and write: it may also move "
            "applications, write to applicants and bring in applications submitted "
            "elsewhere, as far as your roles allow on the pages."
        ),
    )
    expires_on = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, such as 2027-03-31.")},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        calls = selectors.staff_calls(user=user)
        two_factor = {
            call.pk for call in calls if selectors.two_factor_required(user=user, call_id=call.pk)
        }
        self.fields["calls"] = CallChoice(
            label=_("Calls"),
            queryset=calls,
            two_factor=two_factor,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("It sees nothing of your other calls."),
            error_messages={"required": _("Choose at least one call for the token.")},
        )
        # The calls come second on the page, after the name.
        self.order_fields(["name", "calls", "access", "expires_on"])
        earliest, default, latest = selectors.token_expiry_bounds()
        self.bounds = (earliest, latest)
        field = self.fields["expires_on"]
        field.initial = default
        field.widget.attrs.update({"min": earliest.isoformat(), "max": latest.isoformat()})
        field.help_text = _(
            "The token is refused after this day: at most a year from today, until %(latest)s."
        ) % {"latest": date_format(latest, "DATE_FORMAT")}

    def clean_expires_on(self) -> Any:
        day = self.cleaned_data["expires_on"]
        earliest, latest = self.bounds
        if day < earliest:
            raise forms.ValidationError(_("The last day of the token must be after today."))
        if day > latest:
            raise forms.ValidationError(
                _("A token lasts at most a year: choose %(latest)s or earlier.")
                % {"latest": date_format(latest, "DATE_FORMAT")}
            )
        return day
