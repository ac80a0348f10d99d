"""The application form, one Django form per step.

The forms only turn posted strings into document fields; every value is validated
by the application document (document.py), and its errors are worded here in the
applicant's language. So the form, the JSON import and the API share one schema.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as FieldError
from django.core.files.uploadedfile import UploadedFile
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from opencall.applications.document import (
    OTHER_OFFER,
    ApplicationDocument,
    CodeOfConduct,
    Format,
    Registration,
    Scope,
    Theme,
    error_field,
)
from opencall.applications.steps import Step
from opencall.applications.uploads import upload_problem
from opencall.calls.answers import AnswerError, clean_answer, is_blank
from opencall.calls.models import Call
from opencall.calls.questions import Question
from opencall.calls.selectors import call_parts
from opencall.cfp import own_questions
from opencall.cfp.widgets import QuickSelect
from opencall.core.countries import (
    country_choices,
    country_name,
    language_choices,
    language_codes,
    language_name,
    name_sort_key,
)
from opencall.core.translated import label_of, labelled_choices
from opencall.reference.data import ReferenceData

MAX_CONTACTS = 3

YES_NO_UNKNOWN = [("", _("Not yet known")), ("yes", _("Yes")), ("no", _("No"))]

# pydantic error types -> the sentence the applicant reads.
ERROR_MESSAGES = {
    "country_code": _("Choose a country from the list."),
    "language_code": _("Choose a language from the list."),
    "web_address": _("Enter a full web address, starting with https://"),
    "value_error": _("Enter a valid email address, like name@example.org."),
    "end_before_start": _("The event cannot end before it starts."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD, for example 2022-09-15."),
    "date_parsing": _("Enter a date as YYYY-MM-DD, for example 2022-09-15."),
    "date_from_datetime_inexact": _("Enter a date as YYYY-MM-DD, for example 2022-09-15."),
    "date_out_of_range": _("Enter a date between 2000-01-01 and 2100-12-31."),
    "enum": _("Choose one of the options."),
    "greater_than_equal": _("Enter a number that is zero or more."),
    "less_than_equal": _("This number is too large."),
    "int_parsing": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "decimal_parsing": _("Enter an amount in US dollars, like 1500."),
    "decimal_max_places": _("Use at most two decimals (cents)."),
    "decimal_max_digits": _("This amount is too large."),
    "string_too_long": _("This text is too long."),
    "duplicate_offer": _("Each kind of support can be asked for once."),
}
GENERIC_ERROR = _("This value is not valid.")

# The languages most events of the call's audience are held in (HOT's hubs in Africa,
# Asia Pacific, Latin America and the Caribbean), offered as checkboxes; any other
# ISO 639-1 language is typed by name.
COMMON_EVENT_LANGUAGES = ("en", "fr", "es", "pt", "ar", "sw", "bn", "hi", "id", "ru", "zh")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _from_yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class _Options(BaseChoiceIterator):
    """Choices ready as they are: Django normalises a plain list on every assignment,
    some 250 countries for each form built; these are built once per language."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = tuple(pairs)

    def __iter__(self):
        return iter(self.pairs)


@functools.cache
def _country_options(language: str) -> _Options:
    return _Options([("", "—"), *country_choices(language)])


@functools.cache
def _event_language_options(language: str) -> _Options:
    names = language_choices(language)
    return _Options([(code, name) for code, name in names if code in COMMON_EVENT_LANGUAGES])


class StepForm(forms.Form):
    """Base: `changes()` gives the document fields this step sets; `clean()` runs
    them through the application document and words its errors. The call's own
    questions of the step follow the core fields (`question_fields`); their answers
    go through `calls.answers.clean_answer`."""

    step_slug: str = ""
    document_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, call: Call, document: ApplicationDocument, **kwargs: Any):
        self.call = call
        self.document = document
        kwargs.setdefault("initial", self.initial_from(document))
        super().__init__(*args, **kwargs)
        self.result: ApplicationDocument | None = None
        self.own_answers: dict[str, Any] = dict(document.answers)
        # Files chosen on this step and accepted, kept by the view once the step is saved.
        self.uploads: dict[str, UploadedFile] = {}
        self._add_questions()

    def _add_questions(self) -> None:
        language = _reader_language()
        self.questions: list[Question] = own_questions.asked_on_step(
            self.call.own_questions, self.step_slug, self.document.answers
        )
        by_id = {question.id: question for question in self.questions}
        for question in self.questions:
            stored = self.document.answers.get(question.id)
            condition = None
            if question.show_if and own_questions.depends_on_this_step(question, self.questions):
                condition = by_id[question.show_if.question]
            name = own_questions.field_name(question)
            self.fields[name] = own_questions.question_field(
                question, language=language, stored=stored, condition=condition
            )
            if name not in self.initial:
                self.initial[name] = own_questions.form_value(question, stored)

    @property
    def question_names(self) -> set[str]:
        return {own_questions.field_name(question) for question in self.questions}

    def core_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.question_names]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[own_questions.field_name(question)] for question in self.questions]

    def file_field_names(self) -> list[str]:
        return [
            own_questions.field_name(question)
            for question in self.questions
            if question.type == "file"
        ]

    def initial_from(self, document: ApplicationDocument) -> dict[str, Any]:
        # The document keeps lists as tuples; multiple-choice fields want lists.
        return {
            name: list(value) if isinstance(value := getattr(document, name), tuple) else value
            for name in self.document_fields
        }

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.document_fields}

    def document_changes(self) -> dict[str, Any]:
        changes = self.changes()
        if self.questions:
            changes["answers"] = self.own_answers
        return changes

    def field_for(self, document_field: str, error: dict[str, Any]) -> str | None:
        return document_field if document_field in self.fields else None

    def partial_document(self) -> ApplicationDocument:
        """The document with every answer of this step that is valid on its own:
        the live check judges what it can while the step is still being filled in."""
        if self.is_valid():
            assert self.result is not None
            return self.result
        changes = self.document_changes()
        while True:  # ends: every round drops at least one answer
            try:
                return self.document.updated(**changes)
            except ValidationError as exc:
                bad = {error_field(error) for error in exc.errors()} & set(changes)
                if not bad:
                    return self.document
                changes = {key: value for key, value in changes.items() if key not in bad}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.own_answers = self._clean_answers(cleaned)
        if self.errors:
            return cleaned
        try:
            self.result = self.document.updated(**self.document_changes())
        except ValidationError as exc:
            for error in exc.errors():
                message = ERROR_MESSAGES.get(error["type"], GENERIC_ERROR)
                self.add_error(self.field_for(error_field(error), error), message)
        return cleaned

    def _clean_answers(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The stored answers with this step's replaced: a blank answer removes its
        question's; one refused keeps the stored answer (the field shows the error). A
        question whose condition is not met is not asked: its answer goes, unjudged."""
        answers = dict(self.document.answers)
        refused: dict[str, str] = {}
        for question in self.questions:
            name = own_questions.field_name(question)
            if name not in cleaned:
                continue  # Django refused it already
            value = cleaned[name]
            if isinstance(value, UploadedFile):
                problem = upload_problem(
                    value, max_bytes=question.max_bytes, kinds=question.file_types
                )
                if problem:
                    refused[question.id] = problem
                else:
                    self.uploads[question.id] = value
                continue  # the stored answer stays until the view keeps the new file
            try:
                value = clean_answer(question, value)
            except AnswerError as exc:
                refused[question.id] = own_questions.answer_message(question, exc)
                continue
            if value is None:
                answers.pop(question.id, None)
            else:
                answers[question.id] = value
        for question in self.call.own_questions:
            if not question.shown(answers):
                answers.pop(question.id, None)
                self.uploads.pop(question.id, None)
                refused.pop(question.id, None)
        for question in self.questions:
            name = own_questions.field_name(question)
            if question.id in refused:
                self.add_error(name, refused[question.id])
            elif (
                question.required
                and name in cleaned
                and not self.fields[name].required  # asked on a condition of this step
                and question.shown(answers)
                and is_blank(answers.get(question.id))
                and question.id not in self.uploads
            ):
                self.add_error(name, self.fields[name].error_messages["required"])
        return answers


class EventForm(StepForm):
    """Step 1: what the event is and who organises it. Creates the draft."""

    step_slug = "event"

    document_fields = ("event_name", "format", "organisation", "language")

    event_name = forms.CharField(label=_("Name of the event"), max_length=200)
    format = forms.ChoiceField(
        label=_("What kind of event is it?"),
        choices=labelled_choices(Format),
        widget=forms.RadioSelect,
    )
    organisation = forms.CharField(label=_("Organising team or organisation"), max_length=200)
    contact_name_0 = forms.CharField(label=_("Your name"), max_length=200)
    contact_email_0 = forms.CharField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send the link to continue your application here."),
        widget=forms.EmailInput,
    )
    language = forms.ChoiceField(
        label=_("Which language should we write to you in?"), choices=settings.LANGUAGES
    )
    # Asked here so that an organiser whose kind of event the call does not take learns
    # at once which Open Mapping Hub to contact, and can stop with nothing stored (the
    # hub is the country's). Shown to everyone, since the page works without JavaScript;
    # kept in the document only through step 2.
    country = forms.ChoiceField(label=_("Country of the event"), required=False, widget=QuickSelect)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for index in range(1, MAX_CONTACTS):
            self.fields[f"contact_name_{index}"] = forms.CharField(
                label=_("Another organiser's name"), max_length=200, required=False
            )
            self.fields[f"contact_email_{index}"] = forms.CharField(
                label=_("Their email"), max_length=254, required=False, widget=forms.EmailInput
            )
        if not self.is_bound and not self.initial.get("language"):
            self.initial["language"] = (get_language() or "en")[:2]
        language = (get_language() or "en")[:2]
        self.fields["country"].choices = _country_options(language)
        excluded = [label_of(Format, code) for code in self.call.excluded_formats]
        self.fields["country"].help_text = _(
            "Only needed if the event is one of these: %(formats)s. This call does not "
            "take them, and we tell you at once which Open Mapping Hub to contact."
        ) % {"formats": ", ".join(excluded)}
        # Right under the kind of event, which it depends on.
        self.order_fields(["event_name", "format", "country"])

    def initial_from(self, document: ApplicationDocument) -> dict[str, Any]:
        initial = super().initial_from(document)
        for index, contact in enumerate(document.contacts[:MAX_CONTACTS]):
            initial[f"contact_name_{index}"] = contact.name
            initial[f"contact_email_{index}"] = contact.email
        initial["country"] = document.country or ""
        return initial

    def format_is_excluded(self) -> bool:
        return self.cleaned_data.get("format") in self.call.excluded_formats

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        # The country judges which hub to name (the live check, the stop page); an
        # application of a kind the call takes gives it on step 2.
        if self.format_is_excluded() and self.cleaned_data.get("country"):
            changes["country"] = self.cleaned_data["country"]
        contacts = []
        for index in range(MAX_CONTACTS):
            name = self.cleaned_data.get(f"contact_name_{index}", "")
            email = self.cleaned_data.get(f"contact_email_{index}", "")
            if email or name:
                contacts.append({"name": name, "email": email})
        changes["contacts"] = contacts
        return changes

    def field_for(self, document_field: str, error: dict[str, Any]) -> str | None:
        if document_field == "contacts":
            location = error.get("loc", ())
            index = location[1] if len(location) > 1 else 0
            return f"contact_email_{index}"
        return super().field_for(document_field, error)

    def clean(self) -> dict[str, Any]:
        for index in range(1, MAX_CONTACTS):
            if self.data.get(self.add_prefix(f"contact_name_{index}")) and not self.data.get(
                self.add_prefix(f"contact_email_{index}")
            ):
                self.add_error(
                    f"contact_email_{index}", _("Give an email for each person you name.")
                )
        if self.data.get(
            self.add_prefix("format")
        ) in self.call.excluded_formats and not self.data.get(self.add_prefix("country")):
            self.add_error(
                "country",
                _(
                    "This call does not take this kind of event. Choose the event's "
                    "country, so we can tell you which Open Mapping Hub to contact."
                ),
            )
        return super().clean()


class WhenWhereForm(StepForm):
    """Step 2: when and where [WHEN_WHERE, PERIOD]."""

    step_slug = "when-where"

    document_fields = (
        "start_date",
        "end_date",
        "online_only",
        "city",
        "country",
        "expected_attendance",
        "event_languages",
    )

    start_date = forms.CharField(
        label=_("First day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if the dates are not fixed yet."),
    )
    end_date = forms.CharField(
        label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    online_only = forms.BooleanField(label=_("The event is online only"), required=False)
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    expected_attendance = forms.CharField(
        label=_("How many people do you expect?"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    event_languages = forms.MultipleChoiceField(
        label=_("Languages of the event"),
        required=False,
        help_text=_("Tick each language people will speak at the event."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    # Works without JavaScript: the browser suggests names from a <datalist>, and the
    # server reads the names (clean_other_languages).
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=500,
        help_text=_("Type their names, separated by commas, for example: Hausa, Nepali."),
        widget=forms.TextInput(attrs={"list": "language-names", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        language = _reader_language()
        self.fields["country"].choices = _country_options(language)
        names = language_choices(language)
        self.fields["event_languages"].choices = _event_language_options(language)
        self.language_names = [name for _code, name in names]

    def initial_from(self, document: ApplicationDocument) -> dict[str, Any]:
        initial = super().initial_from(document)
        for name in ("start_date", "end_date"):
            initial[name] = initial[name].isoformat() if initial[name] else ""
        codes = initial["event_languages"]
        initial["event_languages"] = [code for code in codes if code in COMMON_EVENT_LANGUAGES]
        initial["other_languages"] = ", ".join(
            language_name(code, _reader_language())
            for code in codes
            if code not in COMMON_EVENT_LANGUAGES
        )
        return initial

    def clean_other_languages(self) -> list[str]:
        # Names in the reader's language first, then in the site's other languages.
        languages = [_reader_language(), *(code for code, _name in settings.LANGUAGES)]
        codes, unknown = language_codes(self.cleaned_data["other_languages"], languages)
        if unknown:
            raise FieldError(
                [
                    FieldError(
                        _(
                            "We do not know a language called “%(name)s”. Check its "
                            "spelling, or choose a name the field suggests."
                        ),
                        params={"name": name},
                    )
                    for name in unknown
                ]
            )
        return codes

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        codes = list(self.cleaned_data.get("event_languages") or ())
        codes += [c for c in self.cleaned_data.get("other_languages") or () if c not in codes]
        changes["event_languages"] = codes
        return changes


def _reader_language() -> str:
    return (get_language() or "en")[:2]


class AudienceForm(StepForm):
    """Step 3: whom the event serves [GEO]."""

    step_slug = "audience"

    document_fields = ("scope", "virtual_component", "open_publication", "serves_countries")

    scope = forms.ChoiceField(
        label=_("Who is the event's audience?"),
        choices=labelled_choices(Scope),
        widget=forms.RadioSelect,
    )
    virtual_component = forms.ChoiceField(
        label=_("Can people take part online (a virtual component)?"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "inline"}),
    )
    open_publication = forms.ChoiceField(
        label=_("Will the content be published openly after the event?"),
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "inline"}),
    )
    serves_countries = forms.MultipleChoiceField(
        label=_("Countries whose community members the event serves"),
        required=False,
        help_text=_(
            "Tick every country whose community members the event serves. The event's own "
            "country counts already."
        ),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        countries, regions = _countries_by_region(self.call, get_language())
        self.fields["serves_countries"].choices = _Options(
            [(country.iso2, country.iso2) for country in countries]
        )
        self.country_groups = _group_by_region(countries, regions)
        # The boxes ticked, read once for the page's 250 (not a field value each).
        self.ticked_countries = frozenset(self["serves_countries"].value() or ())
        # Open the event's own region, and every region with a country ticked.
        ticked = self.ticked_countries | {self.document.country}
        for group in self.country_groups:
            group.open = any(country.iso2 in ticked for country in group.countries)

    def initial_from(self, document: ApplicationDocument) -> dict[str, Any]:
        initial = super().initial_from(document)
        initial["virtual_component"] = _yes_no(document.virtual_component)
        initial["open_publication"] = _yes_no(document.open_publication)
        return initial

    def changes(self) -> dict[str, Any]:
        changes = super().changes()
        changes["virtual_component"] = _from_yes_no(changes["virtual_component"])
        changes["open_publication"] = _from_yes_no(changes["open_publication"])
        return changes


# The call's countries in the order the step lists them, and the regions' names, per
# reference data and language: built from the reference data kept per call version
# (calls.selectors.call_parts), not from its rows on every page of the step.
_ORDERED: dict[tuple[str, str | None], tuple[ReferenceData, tuple, dict[str, str]]] = {}


def _countries_by_region(call: Call, language: str | None) -> tuple[tuple, dict[str, str]]:
    _offers, reference = call_parts(call=call)
    kept = _ORDERED.get((reference.key, language))
    if kept is None or kept[0] is not reference:
        # Regions as their hub names them in the reader's language; countries by their
        # name in that language (a reader looks for "Allemagne" under A).
        regions = {hub.region: hub.region_in(language) for hub in reference.hubs}
        countries = tuple(
            sorted(
                reference.countries.values(),
                key=lambda c: (
                    c.hub_region or "\uffff",
                    name_sort_key(country_name(c.iso2, language)),
                ),
            )
        )
        kept = _ORDERED[(reference.key, language)] = (reference, countries, regions)
    return kept[1], kept[2]


@dataclass
class CountryGroup:
    region: str
    countries: list[Any]
    open: bool = False


def _group_by_region(countries: Any, regions: dict[str, str]) -> list[CountryGroup]:
    groups: dict[str, CountryGroup] = {}
    for country in countries:
        region = regions.get(country.hub_region, country.hub_region)
        group = groups.setdefault(country.hub_region, CountryGroup(region, []))
        group.countries.append(country)
    return list(groups.values())


class ContentForm(StepForm):
    """Step 4: the programme and why it matters [PROGRAMME, THEMES, COMMUNITY_VALUE]."""

    step_slug = "content"

    document_fields = ("programme_url", "themes", "community_value")

    programme_url = forms.CharField(
        label=_("Link to the published agenda or call for proposals"),
        required=False,
        max_length=500,
        widget=forms.URLInput,
        help_text=_("Leave empty if it is not published yet."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Which of these themes does the event touch?"),
        choices=labelled_choices(Theme),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )
    community_value = forms.CharField(
        label=_("What value does the event bring to the communities HOT supports?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ParticipationForm(StepForm):
    """Step 5: who can come, and how they are protected [PUBLIC_TICKETS, CODE_OF_CONDUCT]."""

    step_slug = "participation"

    document_fields = ("registration", "registration_url", "code_of_conduct", "code_of_conduct_url")

    registration = forms.ChoiceField(
        label=_("Can a member of the public buy a ticket or register?"),
        choices=labelled_choices(Registration),
        required=False,
        widget=forms.RadioSelect,
    )
    registration_url = forms.CharField(
        label=_("Link to registration or tickets"),
        required=False,
        max_length=500,
        widget=forms.URLInput,
    )
    code_of_conduct = forms.ChoiceField(
        label=_("Does the event have a code of conduct?"),
        choices=labelled_choices(CodeOfConduct),
        required=False,
        widget=forms.RadioSelect,
    )
    code_of_conduct_url = forms.CharField(
        label=_("Link to the code of conduct"),
        required=False,
        max_length=500,
        widget=forms.URLInput,
    )


class OffersForm(StepForm):
    """Step 6: what the applicant would like from the call's organiser."""

    step_slug = "support"

    document_fields = ("offers",)
    # The step's one question, over all its offers (the page's legend and hint).
    legend = _("What would you like from us?")
    hint = _(
        "Tick what you would like from us, and say a few words about each. Our resources "
        "are limited: we may not be able to offer everything."
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.offer_rows = []
        for offer in [*self.call.offers.all(), None]:
            code = offer.code if offer else OTHER_OFFER
            self.fields[f"want_{code}"] = forms.BooleanField(
                label=offer.label if offer else _("Something else"), required=False
            )
            self.fields[f"details_{code}"] = forms.CharField(
                label=_("What would you like, in a few words?"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if offer is not None and offer.takes_amount:
                self.fields[f"amount_{code}"] = forms.CharField(
                    label=_("Amount in US dollars"),
                    required=False,
                    widget=forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
                )
            self.offer_rows.append((offer, code))

    def initial_from(self, document: ApplicationDocument) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for request in document.offers:
            initial[f"want_{request.type}"] = True
            initial[f"details_{request.type}"] = request.details or ""
            initial[f"amount_{request.type}"] = request.amount_usd
        return initial

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "offer": offer,
                "want": self[f"want_{code}"],
                "details": self[f"details_{code}"],
                "amount": self[f"amount_{code}"] if f"amount_{code}" in self.fields else None,
            }
            for offer, code in self.offer_rows
        ]

    def changes(self) -> dict[str, Any]:
        offers = []
        for _offer, code in self.offer_rows:
            if self.cleaned_data.get(f"want_{code}"):
                offers.append(
                    {
                        "type": code,
                        "details": self.cleaned_data.get(f"details_{code}"),
                        "amount_usd": self.cleaned_data.get(f"amount_{code}"),
                    }
                )
        return {"offers": offers}

    def field_for(self, document_field: str, error: dict[str, Any]) -> str | None:
        location = error.get("loc", ())
        if document_field == "offers" and len(location) > 2:
            code = self.changes()["offers"][location[1]]["type"]
            name = "amount" if location[2] == "amount_usd" else "details"
            return f"{name}_{code}"
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for _offer, code in self.offer_rows:
            wants = cleaned.get(f"want_{code}")
            if code == OTHER_OFFER and wants and not cleaned.get(f"details_{code}"):
                self.add_error(f"details_{code}", _("Tell us what else you would like."))
        return cleaned


# The page form of each step of the application (applications/steps.py), by its slug.
STEP_FORMS: dict[str, type[StepForm]] = {
    "event": EventForm,
    "when-where": WhenWhereForm,
    "audience": AudienceForm,
    "content": ContentForm,
    "participation": ParticipationForm,
    "support": OffersForm,
}


def step_form(
    step: Step, data: Any, files: Any = None, *, call: Call, document: ApplicationDocument
) -> StepForm:
    return STEP_FORMS[step.slug](data, files, call=call, document=document)
