"""Why a file, a mapping or a row cannot be imported, worded for the person importing.

Pure Python (no Django), like `core.messages`: each problem is a stable code with its
parameters; the English template is the gettext message id, rendered in the reader's
language where it is shown (the command, the staff page)."""

from __future__ import annotations

from typing import Any

from opencall.core.messages import Catalogue, Gettext, _, identity

PROBLEMS = Catalogue(
    {
        # the file
        "empty_file": _("The file is empty: export the responses again."),
        "no_header": _("The file has no header row: its first line must name the columns."),
        "not_spreadsheet": _(
            "“{name}” is neither a CSV nor an XLSX file: export the responses as .csv or .xlsx."
        ),
        "bad_xlsx": _("“{name}” cannot be opened as an XLSX file ({why})."),
        "bad_csv": _("“{name}” cannot be read as CSV ({why})."),
        "not_utf8": _(
            "“{name}” is not in UTF-8; it was read as {encoding}. If accents look wrong, "
            "export it again as CSV UTF-8."
        ),
        "duplicate_header": _("Two columns are named “{column}”: rename one of them."),
        # the mapping
        "mapping_not_object": _(
            "The mapping must be a JSON object with “columns” (and optionally “values”, "
            "“key”, “date_order”, “timezone”, “defaults”)."
        ),
        "mapping_unknown_part": _("The mapping has an unknown part “{part}”."),
        "columns_not_object": _(
            "“columns” must be an object from a column's header to a field, like "
            '{{"Email address": "contacts[0].email"}}.'
        ),
        "unknown_target": _("Column “{column}”: “{target}” is not a field of an application."),
        "unknown_question": _("Column “{column}”: the call asks no question “{question}”."),
        "unknown_offer": _("Column “{column}”: the call has no offer “{offer}”."),
        "target_twice": _("Columns “{first}” and “{second}” both fill “{target}”."),
        "values_not_object": _(
            "“values” must be an object from a field to its answers and their codes, like "
            '{{"scope": {{"National": "national"}}}}.'
        ),
        "values_unknown_field": _("“values” names “{field}”, which has no choices."),
        "values_unknown_code": _(
            "“values” of “{field}”: “{code}” is not one of its codes ({codes})."
        ),
        "bad_key": _("“key” must be the header of a column of the file."),
        "bad_date_order": _("“date_order” must be “dmy” (31/05/2022) or “mdy” (5/31/2022)."),
        "bad_timezone": _("“timezone” “{zone}” is not a time zone, like Europe/Paris or UTC."),
        "bad_default": _("“defaults” of “{target}”: {why}"),
        "column_missing": _("The mapping names a column “{column}” that the file does not have."),
        "key_missing": _("The key column “{column}” is not in the file."),
        "no_columns": _("The mapping maps no column of the file."),
        "no_identity": _(
            "Without a key column, the mapping must map a column to “submitted_at” (the "
            "timestamp) and one to “contacts[0].email”: together they tell one response "
            "from another."
        ),
        # a value
        "unknown_country": _(
            "“{value}” is not a country we know; write its name in English, French, Spanish "
            "or Portuguese, or its two-letter code."
        ),
        "unknown_choice": _("“{value}” is not one of the answers: {choices}."),
        "unknown_choices": _("“{value}” is not one of the answers: {choices}."),
        "not_yes_no": _("“{value}” is neither yes nor no (Yes, Oui, Sí, Sim, No, Non, Não)."),
        "not_date": _("“{value}” is not a date like 31/05/2022 or 2022-05-31."),
        "not_moment": _("“{value}” is not a date and time like 31/05/2022 14:03:22."),
        "ambiguous_date": _(
            "“{value}” could be read day first or month first, and the file does not tell "
            "which: set “date_order” in the mapping to “dmy” or “mdy”."
        ),
        "not_whole_number": _("“{value}” is not a whole number, like 250."),
        "not_amount": _("“{value}” is not an amount in US dollars, like 1500."),
        "not_email": _("“{value}” is not an email address, like name@example.org."),
        "not_url": _("“{value}” is not a web address starting with https://"),
        "unknown_language": _("“{value}” is not a language we know."),
        "too_long": _("This answer is too long: at most {limit} characters."),
        "end_before_start": _("The event ends before it starts."),
        "duplicate_offer": _("The same kind of support is asked for twice."),
        "out_of_range": _("“{value}” is not between {first} and {last}."),
        "number_range": _("This number is out of range."),
        "invalid": _("This value is not valid: {why}"),
        "missing": _("This row has no answer for “{column}”, which an application needs."),
        "no_key": _("This row has no value in “{column}”, which tells one response from another."),
        "answer": _("{why}"),
        "not_changed": _("{why}"),
    }
)


class Problem(ValueError):
    """One problem: a code of PROBLEMS and its parameters (strings)."""

    def __init__(self, code: str, /, **params: Any):
        self.code = code
        self.params = {key: str(value) for key, value in params.items()}
        super().__init__(self.message())

    def message(self, gettext: Gettext = identity) -> str:
        return PROBLEMS.render(self.code, self.params, gettext)


class Problems(ValueError):
    """Several problems at once (a mapping's), each worded on its own."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(problem.message() for problem in problems))

    def messages(self, gettext: Gettext = identity) -> list[str]:
        return [problem.message(gettext) for problem in self.problems]
