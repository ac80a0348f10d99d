"""What other apps announce (after their commit), turned into deliveries.

Each receiver adds Delivery rows (one query when the call has no hook) and queues their
sending on commit; the POST happens in a task, never in the request. A failure is
logged, not raised: the change announced is saved already, and the page that made it
must not fail because of a webhook.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.dispatch import receiver

from opencall.applications import signals as applications
from opencall.applications.models import Application
from opencall.collaborations import signals as collaborations
from opencall.screening import signals as screening
from opencall.screening.models import ScreeningResult
from opencall.selection import signals as selection
from opencall.selection.models import Decision
from opencall.webhooks.enums import Event
from opencall.webhooks.services import deliveries_enqueue, hooks_hear

logger = logging.getLogger(__name__)


def _safely(what: str, work: Callable[[], Any]) -> None:
    try:
        work()
    except Exception:
        logger.exception("could not queue the webhook deliveries of %s", what)


def _enqueue(
    application: Application,
    event: Event,
    key: str | Callable[[], str],
    data: dict | None = None,
) -> None:
    _safely(
        f"{event} of application {application.pk}",
        lambda: deliveries_enqueue(
            call_id=application.call_id, event=event, key=key, application=application, data=data
        ),
    )


@receiver(applications.application_submitted, dispatch_uid="webhooks.submitted")
def on_submitted(sender: Any, application: Application, **kwargs: Any) -> None:
    _enqueue(application, Event.SUBMITTED, str(application.pk))


@receiver(applications.status_changed, dispatch_uid="webhooks.status_changed")
def on_status_changed(
    sender: Any, application: Application, old: str, new: str, event: int, **kwargs: Any
) -> None:
    _enqueue(application, Event.STATUS_CHANGED, str(event), {"from": old, "to": new})


@receiver(screening.application_screened, dispatch_uid="webhooks.screened")
def on_screened(sender: Any, application: Application, verdict: str, **kwargs: Any) -> None:
    # Every screening is an event (a changed answer, a changed rule): keyed by its time,
    # read only when a hook hears it.
    def key() -> str:
        computed_at = (
            ScreeningResult.objects.filter(application=application)
            .values_list("computed_at", flat=True)
            .first()
        )
        return f"{application.pk}:{computed_at.isoformat() if computed_at else verdict}"

    _enqueue(application, Event.SCREENED, key, {"verdict": str(verdict)})


@receiver(screening.applications_screened, dispatch_uid="webhooks.screened_many")
def on_screened_many(
    sender: Any, call_id: int, screened: list[tuple[Application, str, bool]], **kwargs: Any
) -> None:
    # A call screened again: one query for the batch when no hook hears it.
    if not _safe_hears(call_id, Event.SCREENED):
        return
    for application, verdict, _redirected in screened:
        on_screened(sender, application=application, verdict=verdict)


def _safe_hears(call_id: int, event: Event) -> bool:
    try:
        return hooks_hear(call_id=call_id, event=event)
    except Exception:
        logger.exception("could not read the webhooks of call %s", call_id)
        return False


@receiver(selection.decisions_released, dispatch_uid="webhooks.decisions_released")
def on_decisions_released(
    sender: Any, call: Any, applications: list[Application], **kwargs: Any
) -> None:
    decisions = Decision.objects.filter(application__in=applications).select_related(
        "application__call"
    )
    for decision in decisions:
        released = decision.released_at.isoformat() if decision.released_at else ""
        _enqueue(
            decision.application,
            Event.DECISION_RELEASED,
            f"{decision.pk}:{released}",
            {"outcome": decision.outcome, "offers": list(decision.offers)},
        )


@receiver(collaborations.collaboration_updated, dispatch_uid="webhooks.collaboration_updated")
def on_collaboration_updated(
    sender: Any, application: Application, what: str, event: int, **kwargs: Any
) -> None:
    _enqueue(application, Event.COLLABORATION_UPDATED, str(event), {"what": what})
