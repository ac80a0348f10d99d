"""Writes of webhooks: a call administrator adds, changes and removes hooks, sees or
renews a secret, replays a failed delivery, sends a test event (each audited in
WebhookChange); announced events become deliveries (`deliveries_enqueue`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.core.memo import read_once
from opencall.webhooks.addresses import AddressRefused, HostUnknown, resolve
from opencall.webhooks.enums import SUBSCRIBABLE, Action, DeliveryStatus, Event
from opencall.webhooks.models import Delivery, Webhook, WebhookChange
from opencall.webhooks.outbox import schedule_send
from opencall.webhooks.payloads import payload
from opencall.webhooks.signing import new_secret

# Event ids are derived from what happened (uuid5), so an event announced twice has
# one id, and the hook's unique (webhook, event id) keeps it to one delivery.
EVENT_IDS = uuid.UUID("6f1d3c1e-8a52-4f0e-9a7b-3f6a1c2d9e40")


class WebhookRefused(Exception):
    """A hook the call cannot have (yet); the message says why, in words."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def event_id_for(event: str, key: str) -> str:
    return str(uuid.uuid5(EVENT_IDS, f"{event}:{key}"))


def _audit(
    *, call: Call, hook: Webhook | None, url: str, action: Action, by: Any, data: dict | None = None
) -> None:
    WebhookChange.objects.create(
        call=call,
        webhook=hook,
        url=url,
        action=action,
        user=by if by is not None and by.is_authenticated else None,
        data=data or {},
    )


def _clean_url(url: str) -> str:
    url = url.strip()
    try:
        resolve(url)
    except (AddressRefused, HostUnknown) as exc:
        raise WebhookRefused(str(exc), field="url") from exc
    return url


def _clean_events(events: Iterable[str]) -> list[str]:
    chosen = set(events)
    unknown = chosen - set(SUBSCRIBABLE)
    if unknown:
        raise WebhookRefused(
            _("Unknown events: %(events)s.") % {"events": ", ".join(sorted(unknown))},
            field="events",
        )
    if not chosen:
        raise WebhookRefused(_("Choose at least one event."), field="events")
    return [event.value for event in SUBSCRIBABLE if event in chosen]


@transaction.atomic
def webhook_create(
    *, call: Call, url: str, events: Iterable[str], description: str = "", by: AbstractBaseUser
) -> Webhook:
    """A new active hook with a new secret (the page shows it once)."""
    hook = Webhook(
        call=call,
        url=_clean_url(url),
        events=_clean_events(events),
        description=description.strip(),
        secret=new_secret(),
        created_by=by,
    )
    hook.full_clean()
    hook.save()
    _audit(
        call=call,
        hook=hook,
        url=hook.url,
        action=Action.CREATED,
        by=by,
        data={"events": hook.events, "description": hook.description},
    )
    return hook


@transaction.atomic
def webhook_update(
    *,
    webhook: Webhook,
    url: str,
    events: Iterable[str],
    description: str,
    active: bool,
    by: AbstractBaseUser,
) -> Webhook:
    locked = Webhook.objects.select_for_update().get(pk=webhook.pk)
    wanted = {
        "url": _clean_url(url) if url.strip() != locked.url else locked.url,
        "events": _clean_events(events),
        "description": description.strip(),
        "active": active,
    }
    changed = {
        name: [getattr(locked, name), value]
        for name, value in wanted.items()
        if getattr(locked, name) != value
    }
    if not changed:
        return locked
    for name, (_old, value) in changed.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    _audit(
        call=locked.call, hook=locked, url=locked.url, action=Action.CHANGED, by=by, data=changed
    )
    return locked


@transaction.atomic
def webhook_delete(*, webhook: Webhook, by: AbstractBaseUser) -> None:
    """Remove the hook and its deliveries; the audit trail keeps its address."""
    locked = Webhook.objects.select_for_update().select_related("call").get(pk=webhook.pk)
    _audit(
        call=locked.call,
        hook=None,
        url=locked.url,
        action=Action.DELETED,
        by=by,
        data={"events": locked.events, "deliveries": locked.deliveries.count()},
    )
    locked.delete()


@transaction.atomic
def webhook_secret_renew(*, webhook: Webhook, by: AbstractBaseUser) -> str:
    """A new secret: deliveries from now on are signed with it (a retry too)."""
    locked = Webhook.objects.select_for_update().get(pk=webhook.pk)
    locked.secret = new_secret()
    locked.save(update_fields=["secret", "updated_at"])
    _audit(call=locked.call, hook=locked, url=locked.url, action=Action.SECRET_RENEWED, by=by)
    return locked.secret


def webhook_secret_reveal(*, webhook: Webhook, by: AbstractBaseUser) -> str:
    """The secret, for a call administrator who asked to see it (audited)."""
    _audit(call=webhook.call, hook=webhook, url=webhook.url, action=Action.SECRET_SHOWN, by=by)
    return webhook.secret


@transaction.atomic
def delivery_replay(*, delivery: Delivery, by: AbstractBaseUser) -> Delivery:
    """Send a failed delivery again, with as many attempts as a new one."""
    locked = Delivery.objects.select_for_update().select_related("webhook").get(pk=delivery.pk)
    if locked.status != DeliveryStatus.FAILED:
        raise WebhookRefused(_("Only a failed delivery can be sent again."))
    attempts = locked.attempts
    locked.status, locked.attempts = DeliveryStatus.PENDING, 0
    locked.next_attempt_at = timezone.now()
    locked.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    _audit(
        call=locked.webhook.call,
        hook=locked.webhook,
        url=locked.webhook.url,
        action=Action.REPLAYED,
        by=by,
        data={"delivery": str(locked.public_id), "event": locked.event, "attempts": attempts},
    )
    schedule_send(locked.pk)
    return locked


@transaction.atomic
def webhook_send_test(*, webhook: Webhook, by: AbstractBaseUser) -> Delivery:
    """A "ping" event to this hook alone, whatever events it hears (active or not)."""
    now = timezone.now()
    event_id = str(uuid.uuid4())
    delivery = Delivery.objects.create(
        webhook=webhook,
        event=Event.PING,
        event_id=event_id,
        payload=payload(
            event=Event.PING, event_id=event_id, call_slug=webhook.call.slug, created=now
        ),
        next_attempt_at=now,
    )
    _audit(
        call=webhook.call,
        hook=webhook,
        url=webhook.url,
        action=Action.TEST_SENT,
        by=by,
        data={"delivery": str(delivery.public_id)},
    )
    schedule_send(delivery.pk)
    return delivery


def _active_hooks(call_id: int) -> list[Webhook]:
    return read_once(
        ("webhooks", call_id),
        lambda: list(Webhook.objects.filter(call_id=call_id, active=True).select_related("call")),
    )


def hooks_hear(*, call_id: int, event: Event) -> bool:
    """Whether some active hook of the call hears `event` (one query, or none inside
    `core.memo.reading_once()` once the call's hooks were read)."""
    return any(hook.hears(event) for hook in _active_hooks(call_id))


def deliveries_enqueue(
    *,
    call_id: int,
    event: Event,
    key: str | Callable[[], str],
    application: Application | None = None,
    data: dict[str, Any] | None = None,
) -> int:
    """One delivery per active hook of the call that hears `event`; `key` names what
    happened (the same key again adds nothing; a callable is asked only when some hook
    hears the event). One query when none does, and none for the next events announced
    inside `core.memo.reading_once()` (a submission's four). How many deliveries were
    added."""
    hooks = [hook for hook in _active_hooks(call_id) if hook.hears(event)]
    if not hooks:
        return 0
    call, now = hooks[0].call, timezone.now()
    event_id = event_id_for(event, key() if callable(key) else key)
    body = payload(
        event=event,
        event_id=event_id,
        call_slug=call.slug,
        created=now,
        application=application,
        data=data,
    )
    added = 0
    with transaction.atomic():
        for hook in hooks:
            delivery, created = Delivery.objects.get_or_create(
                webhook=hook,
                event_id=event_id,
                defaults={"event": event, "payload": body, "next_attempt_at": now},
            )
            if created:
                schedule_send(delivery.pk)
                added += 1
    return added
