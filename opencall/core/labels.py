"""Enums whose members carry their label, in pure Python (no Django import), so the
application document and the screening engine can use them.

    class Format(LabelledEnum):
        CONFERENCE = "conference", _("Conference")

The label is English and the gettext message id (marked with `core.messages._` for
`makemessages`); it is worded in the reader's language where it is shown
(`core.translated.labelled_choices`, the `label` template filter). Django's own
`TextChoices` do the same for enums that may import Django.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member
