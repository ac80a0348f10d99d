"""The late access forms (applications/late.py): the new close, in the call's own time
zone, and why; for an address, also the language its mail is written in."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LateAccessForm(forms.Form):
    until_day = forms.DateField(
        label=_("May send until (day)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until_time = forms.TimeField(
        label=_("At (time, in the call's time zone)"),
        initial=dt.time(23, 59),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    reason = forms.CharField(
        label=_("Why (staff see this on the timeline)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def until(self, zone: dt.tzinfo) -> dt.datetime:
        """The moment chosen, read in the call's time zone; the last minute is included."""
        day, time = self.cleaned_data["until_day"], self.cleaned_data["until_time"]
        return dt.datetime.combine(day, time.replace(second=59), tzinfo=zone)


class LateAccessEmailForm(LateAccessForm):
    field_order = ["email", "language", "until_day", "until_time", "reason"]

    email = forms.EmailField(label=_("The applicant's email address"))
    language = forms.ChoiceField(label=_("Language of the mail and the form"), choices=())

    def __init__(self, *args, languages: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = [(code, names.get(code, code)) for code in languages]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the late access ends (staff see this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
