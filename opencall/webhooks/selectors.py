"""Reads of webhooks for the staff pages: a call's hooks with their deliveries' counts,
one hook's latest deliveries, the audit trail."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from opencall.calls.models import Call
from opencall.webhooks.enums import DeliveryStatus
from opencall.webhooks.models import Delivery, Webhook, WebhookChange

SHOWN = 50  # deliveries and changes a page lists


def hooks_of(*, call: Call) -> QuerySet[Webhook]:
    return Webhook.objects.filter(call=call).annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        waiting=Count(
            "deliveries",
            filter=Q(deliveries__status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
        ),
    )


def deliveries_of(*, webhook: Webhook) -> list[Delivery]:
    return list(webhook.deliveries.all()[:SHOWN])


def changes_of(*, call: Call, webhook: Webhook | None = None) -> list[WebhookChange]:
    changes = WebhookChange.objects.filter(call=call).select_related("user")
    if webhook is not None:
        changes = changes.filter(webhook=webhook)
    return list(changes[:SHOWN])
