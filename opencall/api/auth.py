"""Personal API tokens on the staff API: `Authorization: Bearer <token>`."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from opencall.accounts.services import token_authenticate


class TokenRefused(AuthenticationError):
    """A token was sent, and it is unknown, revoked, or its owner is deactivated."""


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(secret=token)
        if found is None:
            raise TokenRefused(message=_("This API token is unknown or revoked."))
        # The rulebook reads request.user, as on the pages. This user object has no
        # second factor (is_verified), so a call that requires one gives it no role.
        request.user = found.user
        return found.user
