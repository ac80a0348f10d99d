"""E-mail addresses as the application document takes them: pydantic's `EmailStr`, faster.

Pure Python. `EmailStr` runs email-validator on every address, and most of its work is
the domain's (IDNA, special-use names), which a call's contacts share: a few hundred
domains for thousands of addresses. A plain address (an ASCII dot-atom before the @,
within the lengths email-validator allows) is checked here with its domain's answer
remembered; any other address, and every refused one, goes through `EmailStr`'s own
check, so the normalised address and the error (type and wording) stay the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

import email_validator
from pydantic.networks import EmailStr, validate_email

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN = re.compile(rf"({_ATEXT}(?:\.{_ATEXT})*)@([A-Za-z0-9.-]+)")
_MAX_LOCAL = 64  # email-validator's limits, RFC 5321
_MAX_ADDRESS = 254


@lru_cache(maxsize=4096)
def _domain(domain: str) -> str | None:
    """The domain as email-validator normalises it, or None where it refuses it."""
    try:
        parts = email_validator.validate_email(f"a@{domain}", check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    return parts.domain


def normalized_email(value: str) -> str:
    """What `EmailStr` makes of `value`; raises its `PydanticCustomError` when invalid."""
    plain = _PLAIN.fullmatch(value)
    if plain and len(plain[1]) <= _MAX_LOCAL and len(value) <= _MAX_ADDRESS:
        domain = _domain(plain[2])
        address = f"{plain[1]}@{domain}"
        # A domain given as xn--... comes back in Unicode, which may weigh more in UTF-8.
        if domain is not None and len(address.encode()) <= _MAX_ADDRESS:
            return address
    return validate_email(value)[1]


class EmailAddress(EmailStr):  # type: ignore[misc,valid-type]  # a class at run time
    """`EmailStr` (same schema, same errors) with `normalized_email` as its check."""

    @classmethod
    def _validate(cls, input_value: str, /) -> str:
        return normalized_email(input_value)
