"""A call's webhooks, the outbox of their deliveries, and the hooks' audit trail.

Every delivery is first a row, written when the event is announced (after its
change committed); the send task reads the row and records each attempt on it. One
row per hook and event (`delivery_once_per_event`): an event announced twice is
delivered once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.calls.models import Call
from opencall.webhooks.enums import Action, DeliveryStatus, Event


class Webhook(models.Model):
    """An address that hears some of a call's events, and the secret that signs them."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)  # Event values
    # The key of the HMAC signature: the receiver keeps a copy, so it is kept in clear
    # (like the SMTP password); shown to call administrators only, renewable.
    secret = models.CharField(_("secret"), max_length=80)
    active = models.BooleanField(_("active"), default=True)
    description = models.CharField(_("what it is for"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url

    def hears(self, event: str) -> bool:
        return self.active and event in self.events

    @property
    def event_labels(self) -> list[str]:
        return [str(Event(code).label) for code in self.events if code in Event.values]


class Delivery(models.Model):
    """One event for one hook: sent until the receiver answers 2xx, or failed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    event_id = models.CharField(_("event id"), max_length=64)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempt_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="delivery_once_per_event"),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="delivery_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(delivered_at__isnull=True)
                | models.Q(status=DeliveryStatus.DELIVERED),
                name="delivery_delivered_at_only_when_delivered",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"


class WebhookChange(models.Model):
    """The hooks' audit trail: who added, changed, removed a hook, saw or renewed its
    secret, replayed a delivery or sent a test. Kept when the hook is removed."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="webhook_changes")
    webhook = models.ForeignKey(
        Webhook, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    url = models.CharField(_("address"), max_length=500)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # What changed ({field: [old, new]}) or which delivery was replayed; never the secret.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("webhook change")
        verbose_name_plural = _("webhook changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.url}"
