"""Writes of the collaborations: opened when the applicant confirms the offer, deliverables
moved by their owners, commitments answered by the organiser, the report filed,
spending recorded, the collaboration closed. Every change is in the timeline."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.document import ApplicationDocument, CodeOfConduct, Scope
from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.services import application_transition, record
from opencall.applications.workflow import Role, Status
from opencall.collaborations import signals
from opencall.collaborations.defaults import CollaborationDefaults, DefaultsError, parse_defaults
from opencall.collaborations.models import Collaboration, Commitment, Deliverable, EventReport
from opencall.collaborations.workflow import (
    COMMITMENT_MOVES,
    DELIVERABLE_MOVES,
    REASON_NEEDED,
    CommitmentKind,
    CommitmentStatus,
    DeliverableStatus,
    can_move,
)
from opencall.core.events import send_on_commit
from opencall.core.web import web_address_problem
from opencall.selection.models import Decision, ResourcePool
from opencall.selection.offers import offer_confirm
from opencall.selection.services import SelectionRefused, spend_record, spending_close

SECTION = "collaboration"  # the call file's section, kept in Call.extra


def _noted(application: Application, kind: str, **fields: Any) -> ApplicationEvent:
    """A timeline entry of the collaboration, announced once committed (webhooks)."""
    entry = record(application, kind, **fields)
    send_on_commit(
        signals.collaboration_updated,
        Collaboration,
        application=application,
        what=entry.data.get("what", ""),
        event=entry.pk,
    )
    return entry


class CollaborationRefused(Exception):
    """A change the collaboration cannot take; the message says why, in words."""


def defaults_of(call: Any) -> CollaborationDefaults:
    offers = frozenset(call.offers.values_list("code", flat=True))
    try:
        return parse_defaults(call.extra.get(SECTION), offers=offers)
    except DefaultsError:  # edited in the admin since: the built-in defaults still work
        return parse_defaults(None, offers=offers)


def defaults_install(*, call: Any, section: Any) -> list[str]:
    """Store the call file's `[collaboration]` (checked) in the call's further settings."""
    offers = frozenset(call.offers.values_list("code", flat=True))
    defaults = parse_defaults(section, offers=offers)
    if section is None and SECTION not in call.extra:
        return []
    before = call.extra.get(SECTION)
    call.extra = {**call.extra, SECTION: defaults.as_data()}
    # A queryset update: these dates do not change what the screening judges, so the
    # call's save signal (which screens every application again) is not sent.
    type(call).objects.filter(pk=call.pk).update(extra=call.extra)
    return [] if before == call.extra[SECTION] else ["collaboration defaults updated"]


def defaults_export(*, call: Any) -> dict[str, Any]:
    return {SECTION: defaults_of(call).as_data()} if SECTION in call.extra else {}


def _commitment_kinds(document: ApplicationDocument) -> list[str]:
    """What the organiser promised, from the screening's condition and preferences."""
    kinds = []
    if document.code_of_conduct is CodeOfConduct.PLANNED:
        kinds.append(CommitmentKind.CODE_OF_CONDUCT)
    if document.scope is Scope.INTERNATIONAL:
        if document.virtual_component:
            kinds.append(CommitmentKind.VIRTUAL_COMPONENT)
        if document.open_publication:
            kinds.append(CommitmentKind.OPEN_CONTENT)
    return kinds


def _offer_words(call: Any, code: str, document: ApplicationDocument) -> str:
    offer = call.offers.filter(code=code).first()
    label = offer.label if offer else code
    asked = next((request for request in document.offers if request.type == code), None)
    details = (asked.details or "") if asked else ""
    return f"{label}: {details}" if details else str(label)


@transaction.atomic
def collaboration_open(*, application: Application, user: AbstractBaseUser | None = None):
    """Open the collaboration of an accepted decision the applicant confirmed: one deliverable per
    granted offer, one commitment per promise, each due relative to the event."""
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    existing = Collaboration.objects.filter(application=locked).first()
    if existing is not None:
        return existing
    decision = Decision.objects.filter(
        application=locked,
        outcome=Decision.Outcome.ACCEPTED,
        released_at__isnull=False,
        answer=Decision.Answer.CONFIRMED,
    ).first()
    if decision is None:
        raise CollaborationRefused(
            _("Only an accepted decision, released and confirmed by the applicant, opens one.")
        )
    call, document = locked.call, ApplicationDocument.model_validate(locked.document)
    defaults = defaults_of(call)
    start, end = document.start_date, document.end_date
    collaboration = Collaboration.objects.create(application=locked)
    for code in decision.offers:
        default = defaults.deliverable(code)
        Deliverable.objects.create(
            collaboration=collaboration,
            offer_code=code,
            what=_offer_words(call, code, document),
            team=default.team,
            due_on=default.due.on(start, end),
        )
    for kind in _commitment_kinds(document):
        Commitment.objects.create(
            collaboration=collaboration, kind=kind, due_on=defaults.commitment(kind).on(start, end)
        )
    if locked.status == Status.NOTIFIED:
        application_transition(
            application=locked, target=Status.COLLABORATION, role=Role.SYSTEM, user=user
        )
    _noted(locked, ApplicationEvent.Kind.COLLABORATION, new="opened", data={"what": "opened"})
    return collaboration


@transaction.atomic
def offer_confirm_and_open(*, decision: Decision, person: str = "") -> Collaboration:
    """The applicant confirms the offer (selection.offers) and the collaboration opens,
    in one transaction: only a confirmed acceptance opens one."""
    confirmed = offer_confirm(decision=decision, person=person)
    return collaboration_open(application=confirmed.application)


def _open_or_refuse(collaboration: Collaboration) -> None:
    if not collaboration.is_open:
        raise CollaborationRefused(_("This collaboration is closed."))


def _locked_open(model: type[Deliverable] | type[Commitment], pk: int) -> Any:
    """A deliverable or commitment locked for the change, refused once its
    collaboration is closed."""
    locked = (
        model.objects.select_for_update().select_related("collaboration__application").get(pk=pk)
    )
    _open_or_refuse(locked.collaboration)
    return locked


@transaction.atomic
def deliverable_move(
    *, deliverable: Deliverable, status: str, user: AbstractBaseUser, reason: str = ""
) -> Deliverable:
    locked = _locked_open(Deliverable, deliverable.pk)
    if status not in DeliverableStatus.values or not can_move(
        DELIVERABLE_MOVES, locked.status, status
    ):
        raise CollaborationRefused(
            _("A deliverable cannot go from “%(source)s” to “%(target)s”.")
            % {
                "source": DeliverableStatus(locked.status).label,
                "target": DeliverableStatus(status).label
                if status in DeliverableStatus.values
                else status,
            }
        )
    if status in REASON_NEEDED and not reason.strip():
        raise CollaborationRefused(_("Write why it is dropped."))
    old, locked.status = locked.status, status
    locked.drop_reason = reason.strip() if status == DeliverableStatus.DROPPED else ""
    locked.save(update_fields=["status", "drop_reason", "updated_at"])
    _noted(
        locked.collaboration.application,
        ApplicationEvent.Kind.COLLABORATION,
        actor=Actor.STAFF,
        user=user,
        old=old,
        new=status,
        reason=reason.strip(),
        data={"what": "deliverable", "offer": locked.offer_code},
    )
    return locked


@transaction.atomic
def deliverable_update(
    *, deliverable: Deliverable, user: AbstractBaseUser, **changes: Any
) -> Deliverable:
    """Owner, team, due date, what and notes; each change in the timeline."""
    locked = _locked_open(Deliverable, deliverable.pk)
    allowed = {"owner", "team", "due_on", "what", "notes"}
    changed = {}
    for name, value in changes.items():
        if name not in allowed:
            raise ValueError(name)
        if getattr(locked, name) != value:
            changed[name] = (getattr(locked, name), value)
            setattr(locked, name, value)
    if not changed:
        return locked
    locked.save()
    _noted(
        locked.collaboration.application,
        ApplicationEvent.Kind.COLLABORATION,
        actor=Actor.STAFF,
        user=user,
        data={
            "what": "deliverable_edited",
            "offer": locked.offer_code,
            "fields": sorted(changed),
        },
    )
    return locked


def _links(links: list[str]) -> list[str]:
    clean = [link.strip() for link in links if link and link.strip()]
    if not clean:
        raise CollaborationRefused(_("Give at least one link."))
    bad = [link for link in clean if web_address_problem(link)]
    if bad:
        raise CollaborationRefused(
            _("Enter full web addresses, starting with https:// (not: %(bad)s).")
            % {"bad": ", ".join(bad)}
        )
    if len(clean) > 10:
        raise CollaborationRefused(_("Give at most ten links."))
    return clean


@transaction.atomic
def commitment_answer(*, commitment: Commitment, links: list[str]) -> Commitment:
    """The organiser keeps a promise: the link(s) that show it (through their private link)."""
    locked = _locked_open(Commitment, commitment.pk)
    if not can_move(COMMITMENT_MOVES, locked.status, CommitmentStatus.KEPT):
        raise CollaborationRefused(_("This commitment was waived: nothing to answer."))
    locked.links = _links(links)
    locked.status, locked.answered_at = CommitmentStatus.KEPT, timezone.now()
    locked.save(update_fields=["links", "status", "answered_at"])
    _noted(
        locked.collaboration.application,
        ApplicationEvent.Kind.COLLABORATION,
        actor=Actor.APPLICANT,
        new=CommitmentStatus.KEPT,
        data={"what": "commitment", "kind": locked.kind, "links": locked.links},
    )
    return locked


@transaction.atomic
def commitment_waive(
    *, commitment: Commitment, user: AbstractBaseUser, reason: str, undo: bool = False
) -> Commitment:
    locked = _locked_open(Commitment, commitment.pk)
    target = CommitmentStatus.OPEN if undo else CommitmentStatus.WAIVED
    if not can_move(COMMITMENT_MOVES, locked.status, target):
        raise CollaborationRefused(_("This commitment cannot be changed that way."))
    if not undo and not reason.strip():
        raise CollaborationRefused(_("Write why the commitment is waived."))
    old, locked.status = locked.status, target
    locked.waive_reason = "" if undo else reason.strip()
    locked.save(update_fields=["status", "waive_reason"])
    _noted(
        locked.collaboration.application,
        ApplicationEvent.Kind.COLLABORATION,
        actor=Actor.STAFF,
        user=user,
        old=old,
        new=target,
        reason=reason.strip(),
        data={"what": "commitment", "kind": locked.kind},
    )
    return locked


REPORT_FIELDS = (
    "attendance_in_person",
    "attendance_online",
    "countries",
    "scholarships_used",
    "links",
    "worked",
    "differently",
)


@transaction.atomic
def report_file(*, collaboration: Collaboration, **answers: Any) -> EventReport:
    """The organiser's report after the event (filed again to correct it)."""
    locked = (
        Collaboration.objects.select_for_update()
        .select_related("application")
        .get(pk=collaboration.pk)
    )
    _open_or_refuse(locked)
    unknown = set(answers) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    if answers.get("links"):
        answers["links"] = _links(answers["links"])
    report, created = EventReport.objects.update_or_create(collaboration=locked, defaults=answers)
    _noted(
        locked.application,
        ApplicationEvent.Kind.COLLABORATION,
        actor=Actor.APPLICANT,
        new="report",
        data={"what": "report", "again": not created},
    )
    return report


def spending_set(
    *, collaboration: Collaboration, pool: ResourcePool, amount: Decimal, user: AbstractBaseUser
):
    """What HOT actually spent from a pool for this event (selection keeps pools whole)."""
    _open_or_refuse(collaboration)
    try:
        return spend_record(
            decision=collaboration.application.decision, pool=pool, amount=amount, user=user
        )
    except SelectionRefused as exc:
        raise CollaborationRefused(str(exc)) from exc


def unsettled(collaboration: Collaboration) -> list[str]:
    """What still keeps the collaboration open, in words."""
    left = []
    for deliverable in collaboration.deliverables.all():
        if not deliverable.settled:
            left.append(_("Deliverable: %(what)s") % {"what": deliverable.what})
    for commitment in collaboration.commitments.all():
        if not commitment.settled:
            left.append(_("Commitment: %(what)s") % {"what": commitment.get_kind_display()})
    if not EventReport.objects.filter(collaboration=collaboration).exists():
        left.append(_("The organiser's report"))
    return left


@transaction.atomic
def collaboration_close(
    *, collaboration: Collaboration, user: AbstractBaseUser, reason: str = ""
) -> Collaboration:
    """Close when everything is settled and the report is in; before that, only a call
    administrator, with a reason (the view checks the rulebook). What was committed and
    not spent returns to the pools."""
    locked = (
        Collaboration.objects.select_for_update()
        .select_related("application")
        .get(pk=collaboration.pk)
    )
    _open_or_refuse(locked)
    left = unsettled(locked)
    if left and not reason.strip():
        raise CollaborationRefused(
            _("Still open: %(left)s. Close it early only with a reason.")
            % {"left": "; ".join(left)}
        )
    locked.closed_at, locked.closed_by = timezone.now(), user
    locked.close_reason = reason.strip() if left else ""
    locked.save(update_fields=["closed_at", "closed_by", "close_reason"])
    spending_close(decision=locked.application.decision)
    application_transition(
        application=locked.application,
        target=Status.CLOSED,
        role=Role.SYSTEM,
        user=user,
        reason=locked.close_reason,
    )
    _noted(
        locked.application,
        ApplicationEvent.Kind.COLLABORATION,
        actor=Actor.STAFF,
        user=user,
        new="closed",
        reason=locked.close_reason,
        data={"what": "closed", "early": bool(left)},
    )
    return locked
