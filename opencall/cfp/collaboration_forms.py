"""The organiser's forms under the private link, once the collaboration is open: a
commitment answered with its link(s), and the report after the event. They parse;
the collaborations' services check and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from opencall.core.countries import country_choices

MANY = 1_000_000  # more people than any event: a typing slip, not a count


def lines(text: str) -> list[str]:
    """One link per line; blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CommitmentAnswerForm(forms.Form):
    links = forms.CharField(
        label=_("The link(s) that show it, one per line"),
        help_text=_("Full web addresses, starting with https://"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )

    def __init__(self, *args: Any, commitment: Any, **kwargs: Any):
        # One form per commitment on the page: the prefix keeps their ids apart.
        super().__init__(*args, prefix=f"c{commitment.pk}", **kwargs)
        self.commitment = commitment
        # Each field says which promise it answers: a screen reader lists them by label.
        self.fields["links"].label = _("The link(s) that show it (%(what)s), one per line") % {
            "what": commitment.get_kind_display()
        }
        if not self.is_bound and commitment.links:
            self.initial["links"] = "\n".join(commitment.links)


class ReportForm(forms.Form):
    attendance_in_person = forms.IntegerField(
        label=_("People who came in person"), min_value=0, max_value=MANY
    )
    attendance_online = forms.IntegerField(
        label=_("People who took part online"),
        help_text=_("0 if the event had no online part."),
        min_value=0,
        max_value=MANY,
        required=False,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries of the participants"),
        help_text=_("Hold Ctrl (or Cmd on a Mac) to choose more than one."),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    scholarships_used = forms.IntegerField(
        label=_("Scholarships used"),
        help_text=_("How many of the scholarships HOT offered were used."),
        min_value=0,
        max_value=MANY,
        required=False,
    )
    links = forms.CharField(
        label=_("Recordings, slides and other content"),
        help_text=_("Full web addresses, starting with https://, one per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    worked = forms.CharField(
        label=_("What worked"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
    )
    differently = forms.CharField(
        label=_("What HOT should do differently"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
    )

    def __init__(self, *args: Any, report: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Country names in the reader's language, sorted as they read them.
        self.fields["countries"].choices = country_choices(get_language() or "en")
        if report is not None and not self.is_bound:
            self.initial.update(
                {
                    "attendance_in_person": report.attendance_in_person,
                    "attendance_online": report.attendance_online,
                    "countries": report.countries,
                    "scholarships_used": report.scholarships_used,
                    "links": "\n".join(report.links),
                    "worked": report.worked,
                    "differently": report.differently,
                }
            )

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "attendance_in_person": data["attendance_in_person"],
            "attendance_online": data.get("attendance_online") or 0,
            "countries": list(data.get("countries") or []),
            "scholarships_used": data.get("scholarships_used") or 0,
            "links": lines(data.get("links", "")),
            "worked": data.get("worked", "").strip(),
            "differently": data.get("differently", "").strip(),
        }
