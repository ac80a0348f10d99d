"""The mail that tells a staff member their second factor changed (kind
`two_factor_changed`), sent when accounts announces the change."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencall.accounts.models import Membership
from opencall.accounts.selectors import staff_language
from opencall.accounts.two_factor import Change, recovery_codes_left
from opencall.calls.models import Call
from opencall.mail.context import admin_link
from opencall.mail.services import mail_to_staff

MAIL_KEY = "two_factor_changed"


def _sentence(change: Change, *, user: Any) -> str:
    if change == Change.CODE_USED:
        left = recovery_codes_left(user)
        return ngettext(
            "One of your recovery codes was used. %(count)d code is left.",
            "One of your recovery codes was used. %(count)d codes are left.",
            left,
        ) % {"count": left}
    return {
        Change.ADDED: _(
            "An authenticator app was added to your account, with a new set of recovery codes."
        ),
        Change.REPLACED: _(
            "The authenticator app of your account was replaced by a new one, with a new set "
            "of recovery codes."
        ),
        Change.REMOVED: _(
            "Two-factor authentication was turned off for your account: its authenticator "
            "app and recovery codes were removed."
        ),
        Change.RESET: _(
            "A call administrator reset the two-factor authentication of your account: its "
            "authenticator app and recovery codes were removed. You will set up a new one at "
            "your next sign-in to a call that requires it."
        ),
        Change.CODES_MADE: _(
            "A new set of recovery codes was made for your account; the earlier codes no "
            "longer work."
        ),
    }[change]


def _mail_call(user: Any) -> Call | None:
    """Every mail belongs to a call (its texts can be the call's own): one the person
    works on, one that requires two-factor first, else the latest call."""
    memberships = Membership.objects.filter(user=user).select_related("call")
    requiring = F("call__staff_settings__require_two_factor").desc(nulls_last=True)
    first = memberships.order_by(requiring, "-call_id").first()
    return first.call if first else Call.objects.order_by("-pk").first()


def mail_second_factor_changed(
    *, user: Any, change: Change, by: Any = None, call: Call | None = None
) -> None:
    """Tell the owner (in their language) what changed, and who changed it if it was
    someone else."""
    call = call or _mail_call(user)
    if call is None:  # no call at all: nothing the second factor guards yet
        return
    language = staff_language(user)
    by_someone_else = by is not None and by.pk != user.pk
    with translation.override(language):
        change_text = _sentence(change, user=user)
    mail_to_staff(
        user=user,
        call=call,
        key=MAIL_KEY,
        language=language,
        extra={
            "change": change_text,
            "changed_at": timezone.now(),
            "changed_by": (by.get_full_name() or by.get_username()) if by_someone_else else "",
            "account_link": admin_link("accounts:two_factor"),
        },
    )
