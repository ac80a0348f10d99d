"""Personal API tokens on the staff API: `Authorization: Bearer <token>`.

The gate of the staff API is here and in `staff.call_in_reach`: a token is refused
when unknown, revoked or expired (401), may not write unless it is a read-and-write
token (403, whatever the path), and reaches only its own calls (404 for the others,
in `call_in_reach`). Within that, its owner's roles decide, through the rulebook."""

from typing import Any

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from opencall.accounts.models import ApiToken
from opencall.accounts.services import TokenExpired, token_authenticate

# What a read-only token may send: the methods that change nothing.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenRefused(AuthenticationError):
    """A token was sent, and it is unknown, revoked, expired, or its owner is deactivated."""


class TokenAuth(HttpBearer):
    """Sets request.user to the token's owner (the rulebook reads it, as on the pages)
    and request.auth to the token. A user object from a token has no second factor
    (is_verified), so a call that requires one gives it no role. Cookies are never
    read: a signed-in browser is not a token, so no CSRF token is needed either."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            found = token_authenticate(secret=token)
        except TokenExpired as exc:
            raise TokenRefused(
                message=_(
                    "This API token expired on %(date)s: make a new one on the “API tokens” page."
                )
                % {"date": date_format(exc.token.expires_on, "DATE_FORMAT")}
            ) from None
        if found is None:
            raise TokenRefused(message=_("This API token is unknown or revoked."))
        if request.method not in READ_METHODS and not found.can_write:
            raise HttpError(
                403,
                _("This API token may only read: make a read-and-write token to change anything."),
            )
        request.user = found.user
        return found


def request_token(request: HttpRequest) -> ApiToken:
    """The token of a request that passed TokenAuth."""
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token
