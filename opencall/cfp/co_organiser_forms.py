"""The first contact's form to give a co-organiser a link of their own. It parses;
applications.co_organisers checks and saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CoOrganiserForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=200)
    email = forms.EmailField(
        label=_("Their email address"),
        error_messages={"invalid": _("Enter an email address like name@example.org.")},
    )
    language = forms.ChoiceField(label=_("The language of their mail"), choices=())
    wants_mail = forms.BooleanField(
        label=_("Send them the mail about this application too"),
        help_text=_("Messages from the selection team, reminders and the decision."),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, prefix="co", **kwargs)
        self.fields["language"].choices = [(code, _(name)) for code, name in settings.LANGUAGES]
        if not self.is_bound:
            self.initial["language"] = (get_language() or "en")[:2]
