"""An amount of a pool as people write it: its number in the reader's locale, with its unit.

"USD 6,000" and "24 h" in English, "6 000 USD" and "24 h" in French: the pattern is a
translatable string, the number goes through Django's l10n. Its spaces are
non-breaking, so a narrow table cell never puts the unit on a line of its own.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import pgettext

USD = "usd"
HOURS = "hours"
NBSP = "\u00a0"


def _number(value: Decimal | float | int) -> str:
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    places = 0 if amount == amount.to_integral_value() else 2
    return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def amount_text(value: Decimal | float | int | None, unit: str) -> str:
    """The amount with its unit; a unit this module does not know shows the number alone."""
    if value is None:
        return "—"
    number = _number(value)
    if unit == USD:
        text = pgettext("amount of money", "USD %(amount)s") % {"amount": number}
    elif unit == HOURS:
        text = pgettext("amount of time", "%(amount)s h") % {"amount": number}
    else:
        text = number
    return text.replace(" ", NBSP)
