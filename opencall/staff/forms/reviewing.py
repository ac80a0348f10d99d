"""Input of the staff pages: parsed and validated here, decided by the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencall.accounts.queue import SORTS, QueueFilters
from opencall.applications.workflow import Status
from opencall.reviews.models import RubricCriterion
from opencall.screening.models import Verdict

STAFF_STATUSES = [(s.value, s.label) for s in Status if s != Status.DRAFT]
# Where staff may move applications to (submission is the applicant's own act).
MOVE_TARGETS = [(value, label) for value, label in STAFF_STATUSES if value != Status.SUBMITTED]
MY_REVIEW_CHOICES = [
    ("", _("Any")),
    ("assigned", _("Assigned to me, not yet submitted")),
    ("none", _("Not reviewed by me")),
    ("draft", _("My draft review")),
    ("submitted", _("My submitted review")),
    ("conflict", _("My conflicts of interest")),
]
SORT_CHOICES = [
    ("number", _("Number")),
    ("-submitted", _("Newest submitted")),
    ("name", _("Event name")),
    ("start", _("Event date")),
    ("-score", _("Highest score")),
    ("score", _("Lowest score")),
    ("status", _("Status")),
    ("country", _("Country")),
    ("hub", _("Hub")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *STAFF_STATUSES]
    )
    verdict = forms.ChoiceField(
        label=_("Screening"), required=False, choices=[("", _("Any")), *Verdict.choices]
    )
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    mine = forms.ChoiceField(label=_("My review"), required=False, choices=MY_REVIEW_CHOICES)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(
        self,
        *args: Any,
        hubs: list[tuple[str, str]],
        countries: list[tuple[str, str]] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [("", _("Any")), *hubs, ("-", _("No hub region"))]
        self.fields["country"].choices = [("", _("Any")), *countries]
        if self.data.get("country"):  # a typed link (?country=ke) still filters
            self.data = self.data.copy()
            self.data["country"] = self.data["country"].upper()

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = {key: value or "" for key, value in self.cleaned_data.items()}
        if data["sort"] not in SORTS:
            data["sort"] = "number"
        return QueueFilters(**data)


class MoveForm(forms.Form):
    target = forms.ChoiceField(label=_("Move to"), choices=[("", "—"), *MOVE_TARGETS])
    reason = forms.CharField(
        label=_("Why"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulkMoveForm(MoveForm):
    selected = forms.TypedMultipleChoiceField(coerce=int, required=True)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(n, n) for n in numbers]


class ReviewForm(forms.Form):
    """One field per rubric criterion, its choices the criterion's scale."""

    comment = forms.CharField(
        label=_("Your comment (private)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, criteria: list[RubricCriterion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.code}"] = forms.TypedChoiceField(
                label=criterion.text,
                help_text=criterion.help_text,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *((n, n) for n in criterion.scale)],
            )

    def scores(self) -> dict[str, int]:
        return {
            c.code: self.cleaned_data[f"score_{c.code}"]
            for c in self.criteria
            if self.cleaned_data.get(f"score_{c.code}") is not None
        }

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{c.code}"] for c in self.criteria]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the applicant"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (staff only)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class UserChoiceForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Person"), coerce=int)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = people


class AutoAssignForm(forms.Form):
    target = forms.IntegerField(
        label=_("Reviews per application"), min_value=1, max_value=10, initial=2
    )
