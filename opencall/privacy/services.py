"""What a person may do about their data, and the retention rule; each step audited.

- `data_link_send`: mail a signed link (24 h) to an address that some application names,
  counted against the same limits as the resume-by-email page.
- `person_data`: everything held about the address, as JSON-ready values.
- `erasure_ask`: drafts, declined and withdrawn applications are anonymised at once;
  any other waits for a call administrator of its call (`erasure_decide`), since it
  may be under an accepted decision or a collaboration whose record the call needs.
- `retention_apply`: a call's declined, withdrawn and never submitted applications are
  anonymised `retention_months` after it closed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from opencall.applications import limits
from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.calls.models import Call
from opencall.conversations.models import Message
from opencall.mail.models import OutgoingMail
from opencall.mail.services import mail_to_applicant
from opencall.privacy.anonymise import application_anonymise, co_organiser_anonymise
from opencall.privacy.identity import (
    contact_matches,
    data_token,
    normalise,
    person_applications,
    person_hash,
)
from opencall.privacy.models import ErasureRequest, PrivacyEvent

logger = logging.getLogger(__name__)

# Erased as soon as asked, and anonymised once the call's retention period is over:
# nothing was promised on them. A declined application told of its decision is
# "notified" with the decision it was told.
ENDED = frozenset({Status.DRAFT, Status.DECLINED, Status.WITHDRAWN})


def ended() -> Q:
    return Q(status__in=ENDED) | Q(status=Status.NOTIFIED, decision_told=Status.DECLINED)


def has_ended(application: Application) -> bool:
    return application.status in ENDED or (
        application.status == Status.NOTIFIED and application.decision_told == Status.DECLINED
    )


class NotACallAdministrator(PermissionError):
    pass


def _anonymised_ids() -> set[int]:
    kinds = (PrivacyEvent.Kind.ERASED, PrivacyEvent.Kind.RETAINED)
    return set(
        PrivacyEvent.objects.filter(kind__in=kinds, application__isnull=False).values_list(
            "application_id", flat=True
        )
    )


def data_link_send(*, email: str, client: str, site_url: str) -> bool:
    """Mail the link to the address's data when an application names it. Raises
    TooManyRequests over the limits; returns whether a mail was queued (the page says
    the same either way, so it tells nobody which addresses applied)."""
    limits.link_request_allowed(client=client)
    email = normalise(email)
    found = person_applications(email)
    if not found:
        return False
    limits.mail_allowed(email=email)
    latest = max(found, key=lambda application: application.created_at)
    link = site_url + reverse("cfp:privacy_data", kwargs={"token": data_token(email)})
    with transaction.atomic():
        mail_to_applicant(
            application=latest, key="privacy_link", extra={"data_link": link}, to=email
        )
        PrivacyEvent.objects.create(
            kind=PrivacyEvent.Kind.LINK_SENT, person=person_hash(email), count=len(found)
        )
    return True


def _application_data(application: Application, email: str) -> dict[str, Any]:
    """What is held in one application. A co-organiser (not a contact) gets their own
    link's record and the mails sent to them, not the first contact's mail."""
    mails = OutgoingMail.objects.filter(application=application)
    if not contact_matches(application, email):
        mails = mails.filter(to__iexact=email)
    return {
        "call": application.call.slug,
        "reference": application.ref,
        "status": application.status,
        "language": application.language,
        "contact_email": application.email,
        "created_at": application.created_at.isoformat(),
        "submitted_at": application.submitted_at and application.submitted_at.isoformat(),
        "document": application.document,
        "timeline": [
            {
                "at": event.at.isoformat(),
                "what": event.kind,
                "by": event.actor,
                "from": event.old,
                "to": event.new,
                "why": event.reason,
            }
            for event in application.events.all()
        ],
        "messages": [
            {"at": message.created_at.isoformat(), "text": message.body}
            for message in Message.objects.filter(application=application)
        ],
        "mails": [
            {
                "at": mail.created_at.isoformat(),
                "to": mail.to,
                "subject": mail.subject,
                "text": mail.body_text,
            }
            for mail in mails
        ],
        "co_organisers": [
            {
                "name": co.name,
                "email": co.email,
                "language": co.language,
                "gets_mail": co.wants_mail,
                "added_at": co.created_at.isoformat(),
                "revoked_at": co.revoked_at and co.revoked_at.isoformat(),
            }
            for co in application.co_organisers.all()
            if contact_matches(application, email) or normalise(co.email) == normalise(email)
        ],
    }


def person_data(*, email: str) -> dict[str, Any]:
    """Everything held about the address: each application that names it, with its
    timeline, messages and mails. Audited as a download."""
    found = person_applications(email)
    PrivacyEvent.objects.create(
        kind=PrivacyEvent.Kind.DOWNLOADED, person=person_hash(email), count=len(found)
    )
    return {
        "email": normalise(email),
        "exported_at": timezone.now().isoformat(),
        "applications": [_application_data(application, email) for application in found],
    }


@dataclass(frozen=True)
class ErasureOutcome:
    erased: int  # applications anonymised now
    waiting: int  # applications waiting for a call administrator


def _erase(application: Application, *, person: str, kind: str, by: Any = None) -> None:
    application_anonymise(application=application)
    PrivacyEvent.objects.create(
        kind=kind, person=person, call=application.call, application=application, user=by, count=1
    )


@transaction.atomic
def erasure_ask(*, email: str) -> ErasureOutcome:
    person = person_hash(email)
    erased = waiting = 0
    done = _anonymised_ids()
    for application in person_applications(email):
        if application.pk in done:
            continue
        if not contact_matches(application, email):
            # Only a co-organiser: their own data goes at once, the application stays.
            co_organiser_anonymise(application=application, email=normalise(email))
            PrivacyEvent.objects.create(
                kind=PrivacyEvent.Kind.ERASED,
                person=person,
                call=application.call,
                application=application,
                count=1,
                note="co-organiser",
            )
            erased += 1
        elif has_ended(application):
            _erase(application, person=person, kind=PrivacyEvent.Kind.ERASED)
            erased += 1
        else:
            ErasureRequest.objects.get_or_create(
                application=application,
                status=ErasureRequest.Status.WAITING,
                defaults={"person": person},
            )
            waiting += 1
    PrivacyEvent.objects.create(
        kind=PrivacyEvent.Kind.ERASURE_ASKED,
        person=person,
        count=erased + waiting,
        note=f"erased at once: {erased}; waiting for a call administrator: {waiting}",
    )
    return ErasureOutcome(erased=erased, waiting=waiting)


@transaction.atomic
def erasure_decide(
    *, request: ErasureRequest, by: AbstractBaseUser, erase: bool, reason: str = ""
) -> None:
    """A call administrator erases the application, or refuses with a reason (the
    collaboration's record a funder needs, say)."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    application = request.application
    if not by.has_perm("calls.administer", application.call):
        raise NotACallAdministrator(application.call.slug)
    if request.status != ErasureRequest.Status.WAITING:
        return
    if not erase and not reason.strip():
        raise ValueError("a refusal needs its reason")
    request.status = ErasureRequest.Status.DONE if erase else ErasureRequest.Status.REFUSED
    request.decided_at, request.decided_by, request.reason = timezone.now(), by, reason.strip()
    request.save()
    if erase:
        _erase(application, person=request.person, kind=PrivacyEvent.Kind.ERASURE_CONFIRMED, by=by)
    else:
        PrivacyEvent.objects.create(
            kind=PrivacyEvent.Kind.ERASURE_REFUSED,
            person=request.person,
            call=application.call,
            application=application,
            user=by,
            count=1,
            note=reason.strip(),
        )


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28]
    days += [31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return moment.replace(year=year, month=month, day=min(moment.day, days[month - 1]))


def retention_due(*, now: dt.datetime | None = None) -> dict[Call, list[Application]]:
    """The applications whose call's retention period is over, by call."""
    now = now or timezone.now()
    done = _anonymised_ids()
    due: dict[Call, list[Application]] = {}
    for call in Call.objects.order_by("closes_at"):
        if add_months(call.closes_at, call.retention_months) > now:
            continue
        rows = call.applications.filter(ended()).exclude(pk__in=done)
        if found := list(rows.select_related("call").order_by("number")):
            due[call] = found
    return due


def retention_apply(
    *, now: dt.datetime | None = None, dry_run: bool = False, at_most: int | None = None
) -> dict[str, int]:
    """Anonymise what `retention_due` names, one application per transaction (a long
    run stopped halfway keeps what it did), `at_most` of them when given. Returns
    {call slug: applications}."""
    done: dict[str, int] = {}
    for call, applications in retention_due(now=now).items():
        if at_most is not None:
            applications = applications[: max(0, at_most - sum(done.values()))]
            if not applications:
                break
        done[call.slug] = len(applications)
        if dry_run:
            continue
        for application in applications:
            with transaction.atomic():
                _erase(application, person="", kind=PrivacyEvent.Kind.RETAINED)
        logger.info("retention: %s applications of %s anonymised", len(applications), call.slug)
    return done


# The mail scheduler's tick (every minute) anonymises a few at a time: a call whose
# period ends is done within minutes, and no tick runs long.
TICK_AT_MOST = 5


def retention_tick(*, now: dt.datetime) -> int:
    return sum(retention_apply(now=now, at_most=TICK_AT_MOST).values())
