"""Writes on applications: start, save a step, submit, edit, move through the table.

Each service is atomic, locks the rows two people (or two clicks) may race on,
writes the audit timeline, and announces what happened only after commit, for the
mail it calls for. Screening sits above this app: the pages submit and edit through
`screening.services`, which calls these services and then screens.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from opencall.applications import limits, signals
from opencall.applications.document import ApplicationDocument, missing_for_submission
from opencall.applications.merge import merge_edits
from opencall.applications.models import Actor, Application, ApplicationEvent, new_access_key
from opencall.applications.workflow import (
    EDITABLE_BY_APPLICANT,
    Role,
    Status,
    TransitionRefused,
    check_move,
)
from opencall.calls.models import Call
from opencall.calls.selectors import call_parts
from opencall.core.events import send_on_commit


class ApplicationClosed(Exception):
    """The call is not open (yet, or any more) for this action; the message says so."""


@dataclass(frozen=True)
class Arrival:
    """A submission made elsewhere (a Google Form's responses, an integrator's system),
    brought in by staff: it keeps its own moment, which DEADLINE judges, even after the
    call has closed; the applicant is not mailed (they were answered where they applied).
    `source` says where it came from ("import", "api:..."), for the timeline."""

    submitted_at: dt.datetime
    by: AbstractBaseUser | None
    source: str = "import"
    data: dict[str, Any] | None = None


class IncompleteApplication(Exception):
    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


def sync_columns(
    application: Application, document: ApplicationDocument, *, call_read_now: bool = False
) -> None:
    """Put the document on the application and copy the fields lists filter on out of it
    (unsaved). Public: the tests' factory builds applications through it too.

    `call_read_now`: the application's call was read in the caller's transaction (with a
    locked row), so its `page_version` is current: the hub is found without a query."""
    application.document = document.to_json()
    application.event_name = document.event_name or ""
    application.country = document.country or ""
    application.scope = document.scope or ""
    application.format = document.format or ""
    application.start_date = document.start_date
    application.language = document.language or application.language
    application.email = document.contact_email or application.email
    call = application.call
    application.hub_code = hub_code_for(
        call=call, country=application.country, version=call.page_version if call_read_now else None
    )


def hub_code_for(*, call: Call, country: str, version: int | None = None) -> str:
    # From the reference data built once per call version (calls.selectors.call_parts):
    # a draft's save during the deadline rush reads no hub or country row.
    if not country:
        return ""
    _offers, reference = call_parts(call=call, version=version)
    hub = reference.hub_for_country(country)
    return hub.code if hub else ""


def record(
    application: Application,
    kind: str,
    *,
    actor: str = Actor.SYSTEM,
    user: AbstractBaseUser | None = None,
    old: str = "",
    new: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> ApplicationEvent:
    """Write one entry of the audit timeline."""
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor,
        user=user,
        old=old[:200],
        new=new[:200],
        reason=reason,
        data=data or {},
    )


def token_data(via: str) -> dict[str, str]:
    """What a timeline entry keeps of the API token a change came through (its prefix
    and name, as the token page lists it); nothing for a change made on the pages."""
    return {"token": via} if via else {}


def _check_open(call: Call, now: dt.datetime, late_until: dt.datetime | None = None) -> None:
    """Refuse outside the call's dates; `late_until` is the applicant's late access
    (applications/late.py), which moves their close."""
    if now < call.opens_at:
        raise ApplicationClosed(_("This call is not open yet."))
    if late_until is not None and call.closes_at < now <= late_until:
        return
    if late_until is not None and now > late_until > call.closes_at:
        moment = formats.date_format(timezone.localtime(late_until, call.tzinfo), "DATETIME_FORMAT")
        raise ApplicationClosed(
            _(
                "Your late access ended on %(moment)s (%(zone)s): the application can no "
                "longer be sent or changed."
            )
            % {"moment": moment, "zone": call.timezone_label}
        )
    if now > call.closes_at:
        moment = formats.date_format(
            timezone.localtime(call.closes_at, call.tzinfo), "DATETIME_FORMAT"
        )
        raise ApplicationClosed(
            _(
                "This call closed on %(moment)s (%(zone)s): applications can no longer "
                "be sent or changed."
            )
            % {"moment": moment, "zone": call.timezone_label}
        )


def application_start(
    *,
    call: Call,
    form_key: uuid.UUID,
    document: ApplicationDocument,
    now: dt.datetime | None = None,
    client: str | None = None,
) -> tuple[Application, bool]:
    """Create the draft from the first step. One form (form_key) makes one draft,
    however often it is posted. Returns the draft and whether it was created.

    `client` is the web client's address: drafts from it, and for the address typed,
    are limited (limits.py; TooManyRequests, and nothing stored). Commands pass none.
    The draft's link is mailed once per address and call in a window (the timeline's
    "created" entry says whether it was)."""
    now = now or timezone.now()
    _check_open(call, now)
    existing = Application.objects.filter(call=call, form_key=form_key).first()
    if existing:
        return existing, False
    if client is not None:
        limits.draft_allowed(client=client, email=document.contact_email or "")
    try:
        with transaction.atomic():
            # The call row's lock numbers applications one after another; a queryset
            # update, because saving the call would mean "the call's rules changed".
            locked = Call.objects.select_for_update().get(pk=call.pk)
            number = locked.application_count + 1
            Call.objects.filter(pk=call.pk).update(application_count=number)
            application = Application(call=locked, number=number, form_key=form_key, step=1)
            sync_columns(application, document, call_read_now=True)
            application.save()
            mailed = bool(application.email) and limits.claim_draft_mail(
                call_id=call.pk, email=application.email
            )
            record(
                application,
                ApplicationEvent.Kind.CREATED,
                actor=Actor.APPLICANT,
                data={"mailed": mailed},
            )
            if mailed:
                send_on_commit(signals.draft_started, Application, application=application)
    except IntegrityError:
        # A second post of the same form raced the first one: it made the draft.
        return Application.objects.get(call=call, form_key=form_key), False
    return application, True


SHORT_ANSWER = 200  # characters: names, places, links; not the long answers


def _changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return sorted(name for name in after if before.get(name) != after.get(name))


def _short(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    if isinstance(value, str):
        return len(value) <= SHORT_ANSWER
    if isinstance(value, list):
        return len(value) <= 30 and all(isinstance(v, str) and len(v) <= 20 for v in value)
    return False


def _edited_values(before: dict[str, Any], after: dict[str, Any], changed: list[str]) -> dict:
    """Old and new of each changed short answer, for the timeline; long texts and offers
    are named as changed, not copied into the log."""
    pairs = {name: [before.get(name), after.get(name)] for name in changed}
    return {name: pair for name, pair in pairs.items() if all(_short(v) for v in pair)}


def _with_edits_since(
    read: dict[str, Any], document: ApplicationDocument, stored: dict[str, Any]
) -> ApplicationDocument:
    """The page's document, with what another page saved since this one was `read`
    (applications/merge.py); the page's own if the two cannot stand together."""
    if stored == read:
        return document
    try:
        return ApplicationDocument.model_validate(merge_edits(read, document.to_json(), stored))
    except ValidationError:
        return document


@dataclass(frozen=True)
class StepSaved:
    """A step's save: the application as saved, and whether its document changed."""

    application: Application
    document_changed: bool


def application_save_step(
    *,
    application: Application,
    document: ApplicationDocument,
    step: int,
    now: dt.datetime | None = None,
    person: str = "",
) -> Application:
    """Save what one step of the form changed (see `application_step_saved`)."""
    return application_step_saved(
        application=application, document=document, step=step, now=now, person=person
    ).application


@transaction.atomic
def application_step_saved(
    *,
    application: Application,
    document: ApplicationDocument,
    step: int,
    now: dt.datetime | None = None,
    person: str = "",
) -> StepSaved:
    """Save what one step of the form changed, for a draft or a submitted application.

    `application` is the row as the page read it: what another page saved since then
    (a second tab, a co-organiser) is kept, with this page's changes on top.

    `person` names who saved it (the first contact or a co-organiser, links.Holder):
    the timeline keeps it; a draft's edits are on the timeline too once it has
    co-organisers, so they can see who changed what.

    Pages call `screening.services.application_save_step_and_screen`, which screens a
    submitted application again when its answers changed (`document_changed`, judged
    under this save's lock)."""
    now = now or timezone.now()
    # The application's row only (`of`): the call's row is read, not locked, so the
    # saves of a call's applicants never wait for one another.
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )
    _check_open(locked.call, now, locked.late_until)
    if locked.status not in EDITABLE_BY_APPLICANT:
        raise ApplicationClosed(
            _("This application is being reviewed and can no longer be changed.")
        )
    document = _with_edits_since(application.document, document, locked.document)
    if locked.status != Status.DRAFT and (
        missing := missing_for_submission(document, locked.call.own_questions)
    ):
        raise IncompleteApplication(missing)
    before = locked.document
    # The call was read with the locked row, in this transaction: its page_version is
    # current, and the hub is looked up without asking for it again.
    sync_columns(locked, document.updated(submitted_at=locked.submitted_at), call_read_now=True)
    changed = _changed_fields(before, locked.document)
    locked.step = max(locked.step, step)
    locked.save()
    # Whether others share the draft matters only for an edit worth recording.
    if changed and (locked.status != Status.DRAFT or locked.co_organisers.exists()):
        data = {"fields": changed, "values": _edited_values(before, locked.document, changed)}
        record(
            locked,
            ApplicationEvent.Kind.EDITED,
            actor=Actor.APPLICANT,
            new=", ".join(changed),
            data={**data, "person": person} if person else data,
        )
    return StepSaved(application=locked, document_changed=locked.document != before)


@transaction.atomic
def application_submit(
    *,
    application: Application,
    now: dt.datetime | None = None,
    arrival: Arrival | None = None,
    person: str = "",
) -> Application:
    """Submit a draft. A second submit (double click, resent form) changes nothing.
    `person`: who pressed the button (the first contact or a co-organiser), by name.

    With an `arrival` (staff bringing in a submission made elsewhere: an import, the
    write API), the application is submitted at the arrival's moment, whether or not
    the call is open now, and no confirmation is mailed; the move is the applicant's
    (they sent it), recorded as made by the staff member who brought it in.

    Pages and commands call `screening.services.application_submit_and_screen`,
    which screens the application after this."""
    # The application's row only (`of`): the call's row is read, not locked, so
    # submissions never wait for one another, or for a new draft, at the deadline.
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )
    if locked.status != Status.DRAFT:
        return locked
    if arrival is None:
        now = now or timezone.now()
        _check_open(locked.call, now, locked.late_until)
    else:
        now = arrival.submitted_at
    document = ApplicationDocument.model_validate(locked.document)
    if missing := missing_for_submission(document, locked.call.own_questions):
        raise IncompleteApplication(missing)
    locked.submitted_at = now
    locked.document = document.updated(submitted_at=now, ref=locked.ref).to_json()
    if arrival is None:
        _move(locked, Status.SUBMITTED, role=Role.APPLICANT, actor=Actor.APPLICANT, person=person)
        send_on_commit(signals.application_submitted, Application, application=locked)
    else:
        _move(
            locked,
            Status.SUBMITTED,
            role=Role.APPLICANT,
            actor=Actor.STAFF,
            user=arrival.by,
        )
    return locked


@transaction.atomic
def application_create_arrived(
    *, call: Call, document: ApplicationDocument, arrival: Arrival
) -> Application:
    """The draft of a submission made elsewhere (see `Arrival`), numbered like any
    other, with an "imported" entry on its timeline and no mail; submit it next with
    `screening.services.application_submit_and_screen(..., arrival=...)`."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    number = locked.application_count + 1
    Call.objects.filter(pk=call.pk).update(application_count=number)
    application = Application(call=locked, number=number, step=0)
    sync_columns(application, document)
    application.save()
    record(
        application,
        ApplicationEvent.Kind.IMPORTED,
        actor=Actor.STAFF,
        user=arrival.by,
        data={"source": arrival.source, **(arrival.data or {})},
    )
    return application


@transaction.atomic
def application_replace_arrived(
    *, application: Application, document: ApplicationDocument, arrival: Arrival
) -> tuple[Application, list[str]]:
    """Replace the answers of an application that arrived from elsewhere by a newer copy
    of the same submission (a re-import, the write API), keeping its status. Returns it
    and the fields that changed (none: nothing is saved or recorded). The timeline's
    entry names the changed fields with their old and new short values, like an edit.

    The caller decides whether the application may still change (imports refuse once
    it is decided) and screens it again when something changed."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    before = locked.document
    if locked.status != Status.DRAFT:
        document = document.updated(submitted_at=arrival.submitted_at, ref=locked.ref)
    sync_columns(locked, document)
    changed = _changed_fields(before, locked.document)
    if not changed:
        return locked, []
    if locked.status != Status.DRAFT:
        locked.submitted_at = arrival.submitted_at
    locked.save()
    record(
        locked,
        ApplicationEvent.Kind.EDITED,
        actor=Actor.STAFF,
        user=arrival.by,
        new=", ".join(changed),
        data={
            "fields": changed,
            "values": _edited_values(before, locked.document, changed),
            "source": arrival.source,
            **(arrival.data or {}),
        },
    )
    return locked, changed


def _move(
    application: Application,
    target: Status,
    *,
    role: Role,
    actor: str,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    via: str = "",
    person: str = "",
) -> None:
    source = Status(application.status)
    check_move(source, target, role)
    application.status = target
    application.save()
    entry = record(
        application,
        ApplicationEvent.Kind.STATUS,
        actor=actor,
        user=user,
        old=source,
        new=target,
        reason=reason,
        data={"role": role, **token_data(via), **({"person": person} if person else {})},
    )
    send_on_commit(
        signals.status_changed,
        Application,
        application=application,
        old=str(source),
        new=str(target),
        event=entry.pk,
    )


@transaction.atomic
def application_transition(
    *,
    application: Application,
    target: Status,
    role: Role,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    via: str = "",
) -> Application:
    """The one way to move an application through the status table (workflow.py).
    `via`: the API token that asked, named on the timeline."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    return application_move_locked(
        locked=locked, target=target, role=role, user=user, reason=reason, via=via
    )


def application_move_locked(
    *,
    locked: Application,
    target: Status,
    role: Role,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    via: str = "",
) -> Application:
    """`application_transition` for a caller that holds the row's lock already, in the
    transaction it is in (screening, which has just stored its result): the same checks,
    record and announcement, without locking and reading the row a second time."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("application_move_locked needs the caller's transaction")
    actor = {Role.APPLICANT: Actor.APPLICANT, Role.SYSTEM: Actor.SYSTEM}.get(role, Actor.STAFF)
    if target == Status.SUBMITTED:
        raise TransitionRefused(_("Use the submit button of the application form."))
    _move(locked, target, role=role, actor=actor, user=user, reason=reason, via=via)
    return locked


def application_resend_links(*, call: Call, email: str, client: str | None = None) -> int:
    """Send the private link again to whoever applied to this call with this email.

    Requests from one client are limited (TooManyRequests); mails to one address too,
    silently, so the answer never tells whether the address applied."""
    if client is not None:
        limits.link_request_allowed(client=client)
    applications = Application.objects.filter(call=call, email__iexact=email).exclude(
        status=Status.WITHDRAWN
    )
    count = 0
    for application in applications:
        try:
            limits.mail_allowed(email=application.email)
        except limits.TooManyRequests:
            break
        send_on_commit(signals.link_requested, Application, application=application)
        count += 1
    return count


@transaction.atomic
def application_renew_link(
    *, application: Application, by: AbstractBaseUser | None, reason: str = ""
) -> Application:
    """Revoke the private link and mail a new one to the contact address only.

    `by` is the staff member who asked, or None for the applicant, whose requests
    count against the address's mail limit (TooManyRequests: the old link stays)."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if by is None:
        limits.mail_allowed(email=locked.email)
    locked.access_key = new_access_key()
    # The first step's form answers a repeated post with the draft's link: the key of
    # that form dies with the old link, or it would lead to the new one.
    locked.form_key = None
    locked.save(update_fields=["access_key", "form_key", "updated_at"])
    event = record(
        locked,
        ApplicationEvent.Kind.LINK,
        actor=Actor.APPLICANT if by is None else Actor.STAFF,
        user=by,
        reason=reason,
    )
    send_on_commit(signals.link_renewed, Application, application=locked, renewal=event.pk)
    return locked
