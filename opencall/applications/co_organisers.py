"""Co-organisers: the other contacts of an application, each with a link of their own.

Only the first contact, on the main link, adds or revokes one; every change is on
the timeline by the person's name (docs/co-organisers.md). The link is shown to the
first contact to pass on: opencall mails nobody at an address typed on this page,
so the page cannot be used to send mail to strangers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.links import Holder
from opencall.applications.models import Actor, Application, ApplicationEvent, CoOrganiser
from opencall.applications.services import record

# Enough for any team; a bound so one link cannot make rows without end.
MOST_CO_ORGANISERS = 10


class CoOrganiserRefused(Exception):
    """Why the change is not made, in the reader's language."""


def _only_first(by: Holder) -> None:
    if not by.is_first:
        raise CoOrganiserRefused(
            _("Only the first contact, with the main link, can add or revoke co-organisers.")
        )


def active_co_organisers(*, application: Application) -> list[CoOrganiser]:
    return list(application.co_organisers.filter(revoked_at__isnull=True))


@transaction.atomic
def co_organiser_add(
    *,
    application: Application,
    by: Holder,
    name: str,
    email: str,
    language: str,
    wants_mail: bool,
) -> CoOrganiser:
    """Give another contact a link of their own to this application."""
    _only_first(by)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    name, email = name.strip(), email.strip()
    if not name:
        raise CoOrganiserRefused(_("Enter the co-organiser's name."))
    try:
        validate_email(email)
    except ValidationError:
        raise CoOrganiserRefused(
            _("“%(email)s” is not an email address. Enter one like name@example.org.")
            % {"email": email}
        ) from None
    active = active_co_organisers(application=locked)
    known = {locked.email.lower(), *(co.email.lower() for co in active)}
    if email.lower() in known:
        raise CoOrganiserRefused(
            _("%(email)s already has a link to this application.") % {"email": email}
        )
    if len(active) >= MOST_CO_ORGANISERS:
        raise CoOrganiserRefused(
            _("An application can have at most %(count)d co-organisers. Revoke one first.")
            % {"count": MOST_CO_ORGANISERS}
        )
    languages = {code for code, _label in settings.LANGUAGES}
    co_organiser = CoOrganiser.objects.create(
        application=locked,
        name=name[:200],
        email=email,
        language=language if language in languages else settings.LANGUAGE_CODE[:2],
        wants_mail=wants_mail,
    )
    record(
        locked,
        ApplicationEvent.Kind.CO_ORGANISER,
        actor=Actor.APPLICANT,
        new=co_organiser.name,
        data={"what": "added", "person": by.name, "co_organiser": co_organiser.pk},
    )
    return co_organiser


@transaction.atomic
def co_organiser_revoke(
    *, application: Application, by: Holder, co_organiser_id: int
) -> CoOrganiser:
    """End one co-organiser's link at once; the others keep theirs."""
    _only_first(by)
    co_organiser = (
        CoOrganiser.objects.select_for_update()
        .filter(application=application, pk=co_organiser_id, revoked_at__isnull=True)
        .first()
    )
    if co_organiser is None:
        raise CoOrganiserRefused(_("That co-organiser's link is already revoked."))
    co_organiser.revoked_at = timezone.now()
    co_organiser.access_key = ""  # no key, no link: even the same token fails now
    co_organiser.save(update_fields=["revoked_at", "access_key"])
    record(
        application,
        ApplicationEvent.Kind.CO_ORGANISER,
        actor=Actor.APPLICANT,
        old=co_organiser.name,
        data={"what": "revoked", "person": by.name, "co_organiser": co_organiser.pk},
    )
    return co_organiser
