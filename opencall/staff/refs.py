"""The one reference staff pages show for an application: "#0042".

The full reference ("HOT-SUMMIT-2022-0042") names the call too; on a staff page the
call is named already, and the long form wrapped to three lines in narrow columns.
Mails and exports keep the full reference (applications.models.Application.ref),
which stays in each short one's tooltip; the queue's search finds either form.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext


def short_ref(value: Any) -> str:
    """Takes an application, its full reference (as the optimiser's results store it)
    or its number; anything else is shown as it is."""
    number = getattr(value, "number", value)
    if isinstance(number, str):
        tail = number.rsplit("-", 1)[-1]
        if not tail.isdigit():
            return number
        number = int(tail)
    if not isinstance(number, int):
        return "" if number is None else str(number)
    return pgettext("reference of an application", "#%(number)04d") % {"number": number}
