"""Input of the webhooks pages: parsed here; the address is judged by the service
(opencall/webhooks/services.py), which says why it refuses one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from opencall.webhooks.enums import SUBSCRIBABLE


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Address that receives the events"),
        max_length=500,
        help_text=_("A web address starting with https://, on the receiving tool's server."),
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    events = forms.MultipleChoiceField(
        label=_("Events to send"),
        choices=[(event.value, event.label) for event in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    description = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=200,
        help_text=_("For the team: which tool receives it, who looks after it."),
    )


class WebhookEditForm(WebhookForm):
    active = forms.BooleanField(
        label=_("Active: send the chosen events"), required=False, initial=True
    )
