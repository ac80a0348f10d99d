"""Writes for screening: run the engine on an application, store, override.

The applicant's pages and the commands submit and edit through this module's
`application_submit_and_screen` and `application_save_step_and_screen`, so the next
step after a submission or an edit (screening) is called in plain sight, not hidden
in a signal receiver. Applications sits below screening and cannot call it itself.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.services import (
    Arrival,
    application_move_locked,
    application_step_saved,
    application_submit,
    record,
)
from opencall.applications.workflow import Role, Status
from opencall.calls.models import Call
from opencall.calls.selectors import call_definition
from opencall.core.events import send_on_commit
from opencall.screening import engine, signals
from opencall.screening.models import CriterionOutcome, Outcome, Override, ScreeningResult
from opencall.screening.preferences import document_digest

CRITERIA = [criterion.value for criterion in engine.Criterion]


class OverrideRefused(ValueError):
    """The override is not acceptable; the message says why."""


def _store(
    application: Application,
    result: engine.ScreeningResult,
    reference_key: str,
    overrides: dict[str, str],
) -> tuple[ScreeningResult, str]:
    """Replace the computed result, with the reviewers' `overrides` (criterion: result)
    applied to the effective outcomes and verdict; returns it and the effective verdict
    it had before. Each row written once: no second read, no savepoint."""
    previous = ScreeningResult.objects.filter(application=application).first()
    stored = previous or ScreeningResult(application=application)
    old_verdict = previous.verdict if previous else ""
    computed, effective = _fill(stored, application, result, reference_key, overrides)
    stored.save()
    if previous:
        CriterionOutcome.objects.filter(screening=stored).delete()
    CriterionOutcome.objects.bulk_create(
        CriterionOutcome(screening=stored, criterion=key, computed=value, effective=effective[key])
        for key, value in computed.items()
    )
    return stored, old_verdict


def _effective(computed: dict[str, str], overrides: dict[str, str]) -> tuple[dict[str, str], str]:
    """The outcome of each criterion with the reviewers' `overrides` (criterion: result)
    applied, and the verdict they make."""
    effective = {**computed, **overrides}
    return effective, engine.verdict_of(effective.values()).value


def _fill(
    stored: ScreeningResult,
    application: Application,
    result: engine.ScreeningResult,
    reference_key: str,
    overrides: dict[str, str],
) -> tuple[dict[str, str], dict[str, str]]:
    """Put a new computed `result` in `stored` (not saved), its verdict the effective one;
    returns the computed and the effective outcome of each criterion."""
    computed = {str(key): item.result.value for key, item in result.criteria.items()}
    effective, stored.verdict = _effective(computed, overrides)
    stored.computed_verdict = result.verdict.value
    stored.result = result.to_json()
    stored.reference_key = reference_key
    stored.document_digest = document_digest(application.document)
    return computed, effective


def _screen(screener: engine.Screener, application: Application) -> engine.ScreeningResult:
    """The engine's result for an application as stored: with the applicant's late
    access, if any, so DEADLINE is judged against it wherever a stored screening is made
    (one application, or a call's applications in batches)."""
    document = ApplicationDocument.model_validate(application.document)
    return screener.screen(document, extended_until=application.late_until)


@transaction.atomic
def screening_refresh(
    *, application: Application, screener: engine.Screener | None = None
) -> ScreeningResult:
    """Screen a submitted application again and store the result (pass the call's
    screener when screening many: its lookups are built once).

    A newly submitted application then moves to "screened" (by opencall itself).
    """
    # The application's row only (`of`): the call's row is read, not locked, so the
    # screenings of a call's applications, and its new drafts, never wait for one another.
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=application.pk)
    )
    # The call was read with the locked row, in this transaction: its page_version is
    # current, and the definition is found without asking for it again.
    screener = screener or engine.Screener(
        call_definition(call=locked.call, version=locked.call.page_version)
    )
    result = _screen(screener, locked)
    overrides = dict(locked.screening_overrides.values_list("criterion", "result"))
    stored, old_verdict = _store(locked, result, screener.call.reference.key, overrides)
    if old_verdict != stored.verdict:
        record(locked, ApplicationEvent.Kind.SCREENED, old=old_verdict, new=stored.verdict)
    if locked.status == Status.SUBMITTED:
        application_move_locked(locked=locked, target=Status.SCREENED, role=Role.SYSTEM)
    send_on_commit(
        signals.application_screened,
        sender=Application,
        application=locked,
        verdict=stored.verdict,
        redirected=result.redirect is not None,
    )
    return stored


def screen_on_commit(*, application: Application) -> None:
    """Screen the application once the change that calls for it is committed: a
    screening that fails must not undo the applicant's submission, edit or answer."""
    transaction.on_commit(lambda: screening_refresh(application=application))


def application_submit_and_screen(
    *,
    application: Application,
    now: dt.datetime | None = None,
    arrival: Arrival | None = None,
    person: str = "",
) -> Application:
    """Submit a draft, then screen it on commit, which moves it to "screened".

    The one way the pages, commands and imports submit (an import passes the
    `arrival`: its original moment, judged by DEADLINE; see
    `applications.services.application_submit`). A second submit of a submitted
    application changes nothing; one still waiting for its screening (a screening
    that failed) is screened again."""
    submitted = application_submit(application=application, now=now, arrival=arrival, person=person)
    if submitted.status == Status.SUBMITTED:
        screen_on_commit(application=submitted)
    return submitted


def application_save_step_and_screen(
    *,
    application: Application,
    document: ApplicationDocument,
    step: int,
    now: dt.datetime | None = None,
    person: str = "",
) -> Application:
    """Save one step of the form (`person`: who, for the timeline); a submitted
    application whose answers changed is screened again on commit, so reviewers read a
    result that matches the answers. The save is one transaction, which judges the
    change under its own lock: no second read of the row, no savepoint."""
    saved = application_step_saved(
        application=application, document=document, step=step, now=now, person=person
    )
    if saved.application.status != Status.DRAFT and saved.document_changed:
        screen_on_commit(application=saved.application)
    return saved.application


REFRESH_BATCH = 500  # applications locked and written together by screening_refresh_call
_REFRESHED = ("verdict", "computed_verdict", "result", "reference_key", "document_digest")


def _update_rows(rows: list[ScreeningResult]) -> None:
    """UPDATE each row by its id, as one prepared statement run for all: Django's
    `bulk_update` builds a CASE per field and row, and took most of a refresh's time."""
    if not rows:
        return
    meta = ScreeningResult._meta
    fields = [meta.get_field(name) for name in (*_REFRESHED, "computed_at")]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Names from the model, quoted; every value a parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [
                    field.get_db_prep_save(getattr(row, field.attname), connection)
                    for field in fields
                ]
                + [row.pk]
                for row in rows
            ],
        )


def _insert_outcomes(outcomes: list[tuple[int, str, str, str]]) -> None:
    """INSERT (screening, criterion, computed, effective) rows as one prepared statement:
    `bulk_create` builds a model object per row, 11 an application."""
    if not outcomes:
        return
    meta = CriterionOutcome._meta
    names = ("screening", "criterion", "computed", "effective")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    # Names from the model, quoted; every value a parameter.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, outcomes)


def _outcomes_of(screening_ids: list[int]) -> dict[int, dict[str, tuple[str, str]]]:
    """The stored outcome rows of these screenings: a reference change moves a few
    applications' outcomes, so only theirs are written again (deleting and inserting
    every row took a fifth of a call's refresh)."""
    found: dict[int, dict[str, tuple[str, str]]] = {}
    rows = CriterionOutcome.objects.filter(screening__in=screening_ids).values_list(
        "screening_id", "criterion", "computed", "effective"
    )
    for screening_id, criterion, computed, effective in rows:
        found.setdefault(screening_id, {})[criterion] = (computed, effective)
    return found


def screening_refresh_call(*, call: Call) -> int:
    """Screen every submitted application of a call again (reference data changed).

    What `screening_refresh` does to one application, done to a batch at a time with a
    few bulk reads and writes instead of some ten queries each: a call of 10,000 in
    seconds. An application never screened, or still "submitted", goes through
    `screening_refresh` itself (it moves to "screened")."""
    screener = engine.Screener(call_definition(call=call))
    pks = list(
        Application.objects.filter(call=call)
        .exclude(status=Status.DRAFT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pks), REFRESH_BATCH):
        _refresh_batch(pks[start : start + REFRESH_BATCH], screener)
    return len(pks)


@transaction.atomic
def _refresh_batch(pks: list[int], screener: engine.Screener) -> None:
    batch = list(
        # Only the applications' rows: PostgreSQL locks no row of an outer join's
        # nullable side (an application not screened yet has no screening row).
        Application.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .exclude(status=Status.DRAFT)
        .select_related("screening")
        .defer("screening__result")  # replaced, never read: a few kB of JSON each
        .order_by("pk")
    )
    overrides: dict[int, dict[str, str]] = {}
    for application_id, criterion, result in Override.objects.filter(
        application__in=batch
    ).values_list("application_id", "criterion", "result"):
        overrides.setdefault(application_id, {})[criterion] = result
    now = timezone.now()
    reference_key = screener.call.reference.key
    before = _outcomes_of([a.screening.pk for a in batch if getattr(a, "screening", None)])
    stored_rows, changed, outcomes, events, screened = [], [], [], [], []
    for application in batch:
        stored = getattr(application, "screening", None)
        if stored is None or application.status == Status.SUBMITTED:
            screening_refresh(application=application, screener=screener)
            continue
        result = _screen(screener, application)
        old_verdict = stored.verdict
        computed, effective = _fill(
            stored, application, result, reference_key, overrides.get(application.pk, {})
        )
        stored.computed_at = now  # auto_now is save()'s; these rows are updated in bulk
        stored_rows.append(stored)
        now_outcomes = {key: (value, effective[key]) for key, value in computed.items()}
        if now_outcomes != before.get(stored.pk):
            changed.append(stored.pk)
            outcomes.extend((stored.pk, key, *pair) for key, pair in now_outcomes.items())
        if old_verdict != stored.verdict:
            events.append(
                ApplicationEvent(
                    application=application,
                    kind=ApplicationEvent.Kind.SCREENED,
                    actor=Actor.SYSTEM,
                    old=old_verdict,
                    new=stored.verdict,
                )
            )
        screened.append((application, stored.verdict, result.redirect is not None))
    _update_rows(stored_rows)
    CriterionOutcome.objects.filter(screening__in=changed).delete()
    _insert_outcomes(outcomes)
    ApplicationEvent.objects.bulk_create(events)
    if screened:
        send_on_commit(
            signals.applications_screened,
            sender=Application,
            call_id=batch[0].call_id,
            screened=screened,
        )


@transaction.atomic
def screening_override(
    *,
    application: Application,
    criterion: str,
    result: str,
    reason: str,
    user: AbstractBaseUser,
) -> ScreeningResult:
    """Set a reviewer's result for one criterion; kept beside the computed one and audited."""
    if criterion not in CRITERIA and criterion not in application.call.criterion_steps:
        raise OverrideRefused(_("Unknown criterion “%(id)s”.") % {"id": criterion})
    if result not in Outcome.values:
        raise OverrideRefused(_("Choose pass, fail or unclear."))
    if not reason.strip():
        raise OverrideRefused(_("Write why you override the computed result."))
    locked = Application.objects.select_for_update().get(pk=application.pk)
    stored = ScreeningResult.objects.filter(application=locked).first()
    if stored is None:
        raise OverrideRefused(_("This application has not been screened yet."))
    previous = Override.objects.filter(application=locked, criterion=criterion).first()
    computed = stored.result["criteria"][criterion]["result"]
    old = previous.result if previous else computed
    Override.objects.update_or_create(
        application=locked,
        criterion=criterion,
        defaults={"result": result, "reason": reason.strip(), "user": user},
    )
    record(
        locked,
        ApplicationEvent.Kind.OVERRIDE,
        actor=Actor.STAFF,
        user=user,
        old=f"{criterion}: {old}",
        new=f"{criterion}: {result}",
        reason=reason.strip(),
        data={"criterion": criterion, "computed": computed},
    )
    return _apply_overrides(locked, stored, stored.verdict)


@transaction.atomic
def screening_override_remove(
    *, application: Application, criterion: str, reason: str, user: AbstractBaseUser
) -> ScreeningResult:
    """Go back to the computed result for one criterion (audited, with a reason)."""
    if not reason.strip():
        raise OverrideRefused(_("Write why you remove the override."))
    locked = Application.objects.select_for_update().get(pk=application.pk)
    override = Override.objects.filter(application=locked, criterion=criterion).first()
    stored = ScreeningResult.objects.get(application=locked)
    if override is None:
        return stored
    override.delete()
    computed = stored.result["criteria"][criterion]["result"]
    record(
        locked,
        ApplicationEvent.Kind.OVERRIDE,
        actor=Actor.STAFF,
        user=user,
        old=f"{criterion}: {override.result}",
        new=f"{criterion}: {computed}",
        reason=reason.strip(),
        data={"criterion": criterion, "computed": computed, "removed": True},
    )
    return _apply_overrides(locked, stored, stored.verdict)


def _apply_overrides(
    application: Application, stored: ScreeningResult, old_verdict: str
) -> ScreeningResult:
    """Set the effective outcomes and verdict: the computed ones with overrides applied.
    A changed verdict goes on the timeline."""
    overrides = dict(application.screening_overrides.values_list("criterion", "result"))
    computed = {key: value["result"] for key, value in stored.result["criteria"].items()}
    for criterion, result in overrides.items():
        stored.outcomes.filter(criterion=criterion).update(effective=result)
    stored.outcomes.exclude(criterion__in=overrides).update(effective=models.F("computed"))
    _, stored.verdict = _effective(computed, overrides)
    stored.save(update_fields=["verdict", "computed_at"])
    if old_verdict != stored.verdict:
        record(application, ApplicationEvent.Kind.SCREENED, old=old_verdict, new=stored.verdict)
    return stored
