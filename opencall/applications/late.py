"""Late access: a call administrator lets one applicant send after the call's close.

Connections fail on deadline day. The applicant keeps their private link; with late
access it still opens the form and submits until the moment granted
(`Application.late_until`). DEADLINE is judged against that moment wherever the
application is screened (screening.services passes it to the engine), and the
reason says the extension was granted. Every grant and revocation is on the
timeline ("late" entries) with who, when and why; the link and the new moment are
mailed to the applicant (mail/receivers.py, `late_access`).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications import signals
from opencall.applications.document import ApplicationDocument, Contact
from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.services import record, sync_columns
from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.core.events import send_on_commit


class LateAccessRefused(ValueError):
    """The grant or revocation is not possible; the message says why."""


def closes_for(application: Application) -> dt.datetime:
    """The moment this applicant's application stops being accepted."""
    closes = application.call.closes_at
    until = application.late_until
    return max(closes, until) if until is not None else closes


def has_closed_for(application: Application, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) > closes_for(application)


def _check(call: Call, until: dt.datetime, reason: str, now: dt.datetime) -> None:
    if not reason.strip():
        raise LateAccessRefused(_("Say why late access is granted: the timeline keeps it."))
    if until <= call.closes_at:
        raise LateAccessRefused(
            _("The new moment must be after the call's close: before it, no extension is needed.")
        )
    if until <= now:
        raise LateAccessRefused(_("The new moment has passed already: choose a later one."))


def _grant(
    locked: Application, *, until: dt.datetime, reason: str, by: AbstractBaseUser
) -> Application:
    before = locked.late_until
    locked.late_until = until
    locked.save(update_fields=["late_until", "updated_at"])
    event = record(
        locked,
        ApplicationEvent.Kind.LATE,
        actor=Actor.STAFF,
        user=by,
        old=before.isoformat() if before else "",
        new=until.isoformat(),
        reason=reason.strip(),
        data={"action": "granted"},
    )
    send_on_commit(signals.late_access_granted, Application, application=locked, grant=event.pk)
    return locked


@transaction.atomic
def late_access_grant(
    *,
    application: Application,
    until: dt.datetime,
    reason: str,
    by: AbstractBaseUser,
    now: dt.datetime | None = None,
) -> Application:
    """Let the applicant of this draft send it until `until` (granting again moves the
    moment). Only a draft: what was sent already was judged by the moment it arrived."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status != Status.DRAFT:
        raise LateAccessRefused(
            _("This application was sent already: late access is only for a draft.")
        )
    _check(locked.call, until, reason, now or timezone.now())
    return _grant(locked, until=until, reason=reason, by=by)


@transaction.atomic
def late_access_grant_to_email(
    *,
    call: Call,
    email: str,
    language: str,
    until: dt.datetime,
    reason: str,
    by: AbstractBaseUser,
    now: dt.datetime | None = None,
) -> tuple[Application, bool]:
    """Late access for whoever writes from `email`: their draft in this call if they
    have one, else a new empty draft for them (the mail carries its link). Returns the
    draft and whether it was created."""
    _check(call, until, reason, now or timezone.now())
    mine = Application.objects.filter(call=call, email__iexact=email.strip())
    sent = mine.exclude(status__in=[Status.DRAFT, Status.WITHDRAWN]).first()
    if sent is not None:
        raise LateAccessRefused(
            _("%(email)s sent application %(ref)s already: late access is only for a draft.")
            % {"email": email, "ref": sent.ref}
        )
    draft = mine.filter(status=Status.DRAFT).order_by("-updated_at").first()
    if draft is not None:
        granted = late_access_grant(application=draft, until=until, reason=reason, by=by, now=now)
        return granted, False
    locked = Call.objects.select_for_update().get(pk=call.pk)
    number = locked.application_count + 1
    Call.objects.filter(pk=call.pk).update(application_count=number)
    created = Application(call=locked, number=number, step=0, language=language)
    document = ApplicationDocument(contacts=(Contact(email=email.strip()),), language=language)
    sync_columns(created, document)
    created.save()
    record(created, ApplicationEvent.Kind.CREATED, actor=Actor.STAFF, user=by, reason=reason)
    return _grant(created, until=until, reason=reason, by=by), True


@transaction.atomic
def late_access_revoke(
    *, application: Application, reason: str, by: AbstractBaseUser
) -> Application:
    """End the applicant's late access at once. Only a draft: an application sent within
    its extension stays judged against it."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.late_until is None:
        raise LateAccessRefused(_("This application has no late access to revoke."))
    if locked.status != Status.DRAFT:
        raise LateAccessRefused(
            _("This application was sent within its extension: the extension stays.")
        )
    if not reason.strip():
        raise LateAccessRefused(_("Say why late access is revoked: the timeline keeps it."))
    before = locked.late_until
    locked.late_until = None
    locked.save(update_fields=["late_until", "updated_at"])
    record(
        locked,
        ApplicationEvent.Kind.LATE,
        actor=Actor.STAFF,
        user=by,
        old=before.isoformat(),
        reason=reason.strip(),
        data={"action": "revoked"},
    )
    return locked
