"""Forms of the import pages: the file to upload, and the mapping of its columns (one
select per column of the file, built from the file's headers)."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 5 * 1024 * 1024
KINDS = (".csv", ".xlsx")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("The responses file"),
        help_text=_(
            "CSV or Excel (XLSX), as Google Forms' spreadsheet downloads it; at most 5 MB."
        ),
    )
    saved = forms.ChoiceField(label=_("Use a saved mapping"), required=False)

    def __init__(self, *args: Any, saved: list[tuple[str, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["saved"].choices = [("", _("No, guess it from the headers")), *saved]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(KINDS):
            raise forms.ValidationError(
                _(
                    "“%(name)s” is neither a CSV nor an XLSX file: download the responses "
                    "as “Comma-separated values (.csv)” or “Microsoft Excel (.xlsx)”."
                ),
                params={"name": upload.name},
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "“%(name)s” is %(size)s MB; files of at most 5 MB are imported. Split the "
                    "responses into several files, or leave out columns you do not need."
                ),
                params={"name": upload.name, "size": number_format(upload.size / 1048576, 1)},
            )
        return upload


def value_field_name(target: str, value: str) -> str:
    """A stable name for the select of one answer of one choice field."""
    return "value_" + hashlib.sha256(f"{target}\x1f{value}".encode()).hexdigest()[:12]


class MappingForm(forms.Form):
    """One select per column (its target or "Not imported"), the key column, the date
    order, the zone and the replies' language when no column gives it, one select per
    choice answer that did not convert, and a name to save the mapping under."""

    key = forms.ChoiceField(label=_("The column that tells responses apart"), required=False)
    date_order = forms.ChoiceField(
        label=_("Dates such as 05/06/2022 are written"),
        required=False,
        choices=[
            ("", _("Let the file decide")),
            ("dmy", _("day first (5 June 2022)")),
            ("mdy", _("month first (6 May 2022)")),
        ],
    )
    timezone = forms.CharField(
        label=_("Time zone of the timestamps"),
        max_length=60,
        initial="UTC",
        help_text=_("As the spreadsheet's settings say, like Europe/Paris or Africa/Nairobi."),
    )
    language = forms.ChoiceField(
        label=_("Language to write to applicants in, when no column gives it"),
        required=False,
    )
    name = forms.CharField(label=_("Save this mapping as"), max_length=100, required=False)

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        targets: list[tuple[str, str]],
        choices: dict[str, dict[str, Any]],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.choices = choices
        options = [("", _("Not imported")), *targets]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=options, required=False
            )
        self.fields["key"].choices = [
            ("", _("None: the timestamp and the contact email")),
            *[(h, h) for h in headers],
        ]
        self.fields["language"].choices = [("", _("None")), *settings.LANGUAGES]
        for target, found in choices.items():
            codes = [("", _("Leave as it is (an error)")), *found["choices"]]
            for value in found["values"]:
                self.fields[value_field_name(target, value)] = forms.ChoiceField(
                    label=value, choices=codes, required=False
                )

    def column_fields(self):
        return [self[f"column_{index}"] for index in range(len(self.headers))]

    def value_rows(self):
        """(the field's column, [(answer, select)]) per choice field."""
        return [
            (found["column"], [self[value_field_name(t, v)] for v in found["values"]])
            for t, found in self.choices.items()
        ]

    def mapping(self, values: dict[str, dict[str, str]]) -> dict[str, Any]:
        """The mapping's JSON from the cleaned form, keeping the value mappings already
        made (`values`) for answers not on the form."""
        data = self.cleaned_data
        columns = {
            header: data.get(f"column_{index}") or None for index, header in enumerate(self.headers)
        }
        values = {field: dict(answers) for field, answers in values.items()}
        for target, found in self.choices.items():
            for value in found["values"]:
                code = data.get(value_field_name(target, value))
                if code:
                    values.setdefault(target, {})[value] = code
        mapping: dict[str, Any] = {
            "columns": {h: t for h, t in columns.items() if t},
            "timezone": data.get("timezone") or "UTC",
        }
        used = set(mapping["columns"].values())
        values = {field: answers for field, answers in values.items() if field in used and answers}
        if values:
            mapping["values"] = values
        if data.get("key"):
            mapping["key"] = data["key"]
        if data.get("date_order"):
            mapping["date_order"] = data["date_order"]
        if data.get("language") and "language" not in used:
            mapping["defaults"] = {"language": data["language"]}
        return mapping


def initial_from(mapping: dict[str, Any], headers: list[str]) -> dict[str, Any]:
    """The form's first values from a mapping's JSON (guessed or saved)."""
    columns = mapping.get("columns", {})
    initial: dict[str, Any] = {
        f"column_{index}": columns.get(header) or "" for index, header in enumerate(headers)
    }
    initial["key"] = mapping.get("key") or ""
    initial["date_order"] = mapping.get("date_order") or ""
    initial["timezone"] = mapping.get("timezone") or "UTC"
    initial["language"] = (mapping.get("defaults") or {}).get("language", "")
    return initial
