"""The offer: an accepted decision, once released, waits for the applicant's answer.

They confirm or decline what was granted by the call's deadline (SelectionSettings
.confirm_days after the release). A declined or expired offer gives its committed
resources back to the pools under the same lock as decisions (services._locked_pools),
and the application closes (its commitments stay, as history, and no longer count:
selectors.pool_use); staff are told which waitlisted applications now fit
(waitlist.py). A confirmation is recorded here; the collaboration it opens
is the collaborations app's (collaborations.services.offer_confirm_and_open).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.services import application_transition, record
from opencall.applications.workflow import Role, Status
from opencall.core.events import send_on_commit
from opencall.selection import signals
from opencall.selection.models import Commitment, Decision
from opencall.selection.services import SelectionRefused, _locked_pools

Answer = Decision.Answer


def _open_offer(decision_pk: int) -> Decision:
    """The decision locked, refused unless its offer still waits for an answer."""
    locked = Decision.objects.select_for_update().select_related("application").get(pk=decision_pk)
    if locked.answer != Answer.AWAITED:
        raise SelectionRefused(_("This offer was already answered."))
    return locked


@transaction.atomic
def offer_confirm(
    *, decision: Decision, person: str = "", now: dt.datetime | None = None
) -> Decision:
    """The applicant confirms what was granted, before the deadline. `person`: who pressed
    the button (the first contact or a co-organiser), by name, for the timeline."""
    now = now or timezone.now()
    locked = _open_offer(decision.pk)
    if locked.answer_due and now > locked.answer_due:
        raise SelectionRefused(_("The deadline to confirm this offer has passed."))
    locked.answer, locked.answered_at = Answer.CONFIRMED, now
    locked.save(update_fields=["answer", "answered_at"])
    application_transition(
        application=locked.application,
        target=Status.COLLABORATION,
        role=Role.APPLICANT,
    )
    _audit(
        locked, Answer.CONFIRMED, actor=Actor.APPLICANT, **({"person": person} if person else {})
    )
    return locked


@transaction.atomic
def offer_decline(
    *, decision: Decision, reason: str = "", person: str = "", now: dt.datetime | None = None
) -> dict[str, Decimal]:
    """The applicant declines the offer: its resources return to the pools. Returns what
    was freed, pool code -> amount."""
    return _release(
        decision,
        Answer.DECLINED,
        reason=reason.strip(),
        now=now or timezone.now(),
        **({"person": person} if person else {}),
    )


def offers_expire(*, now: dt.datetime) -> int:
    """Every offer not answered by its deadline expires (the scheduler's tick)."""
    overdue = Decision.objects.filter(answer=Answer.AWAITED, answer_due__lt=now).values_list(
        "pk", flat=True
    )
    count = 0
    for pk in overdue:
        with transaction.atomic():
            try:
                _release(Decision(pk=pk), Answer.EXPIRED, reason="", now=now)
            except SelectionRefused:  # answered in the meantime
                continue
        count += 1
    return count


def _release(
    decision: Decision, answer: str, *, reason: str, now: dt.datetime, **said: str
) -> dict:
    # The pools first, in the order every decision locks them, then the decision.
    call_id = Decision.objects.values_list("application__call_id", flat=True).get(pk=decision.pk)
    _locked_pools(call_id)
    locked = _open_offer(decision.pk)
    if answer == Answer.EXPIRED and not (locked.answer_due and now > locked.answer_due):
        raise SelectionRefused(_("This offer has not expired."))
    freed = {
        commitment.pool.code: commitment.amount
        for commitment in Commitment.objects.filter(decision=locked).select_related("pool")
    }
    locked.answer, locked.answered_at = answer, now
    locked.save(update_fields=["answer", "answered_at"])
    declined = answer == Answer.DECLINED
    application_transition(
        application=locked.application,
        target=Status.CLOSED,
        role=Role.APPLICANT if declined else Role.SYSTEM,
        reason=reason,
    )
    _audit(
        locked,
        answer,
        actor=Actor.APPLICANT if declined else Actor.SYSTEM,
        reason=reason,
        freed={code: str(amount) for code, amount in freed.items()},
        **said,
    )
    send_on_commit(signals.offer_freed, Decision, application=locked.application, decision=locked)
    return freed


def _audit(decision: Decision, answer: str, *, actor: str, reason: str = "", **data) -> None:
    application: Application = decision.application
    record(
        application,
        ApplicationEvent.Kind.DECISION,
        actor=actor,
        old=Answer.AWAITED,
        new=answer,
        reason=reason,
        data={"answer": answer, **data},
    )
