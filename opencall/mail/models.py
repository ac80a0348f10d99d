"""The outbox (one row per message promised), its audit trail, and mail texts.

Every outgoing mail is first a row, written in the same transaction as the change
that promised it; the send task reads the row and records each attempt on it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.mail.enums import Action, GroupAudience, Phase, Status
from opencall.mail.kinds import KEY_CHOICES


class MailTemplate(models.Model):
    """A staff text that replaces the shipped default, for one call or for all."""

    call = models.ForeignKey(
        Call,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mail_templates",
        help_text=_("Empty: used for every call that has no text of its own."),
    )
    key = models.CharField(_("mail"), max_length=40, choices=KEY_CHOICES)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("mail text")
        verbose_name_plural = _("mail texts")
        ordering = ["key", "language", "call"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "key", "language"],
                condition=models.Q(call__isnull=False),
                name="mail_template_unique_per_call",
            ),
            models.UniqueConstraint(
                fields=["key", "language"],
                condition=models.Q(call__isnull=True),
                name="mail_template_unique_global",
            ),
        ]

    def __str__(self) -> str:
        scope = self.call.slug if self.call_id else "*"
        return f"{self.key} [{self.language}] {scope}"


class OutgoingMail(models.Model):
    """One message to one recipient, rendered once, sent at most once by the system."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="mails")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("staff recipient"),
    )
    to = models.EmailField(_("to"))
    key = models.CharField(_("mail"), max_length=40, choices=KEY_CHOICES)
    language = models.CharField(_("recipient's language"), max_length=8)
    template_language = models.CharField(_("language of the text"), max_length=8)
    language_fallback = models.BooleanField(
        _("English fallback"),
        default=False,
        help_text=_("No text exists in the recipient's language: English was sent."),
    )
    template_source = models.CharField(_("text from"), max_length=40)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    # The placeholder values the text was rendered with (strings), for audit and
    # for the follow-ups that quote them (reminders of a request for information).
    context = models.JSONField(_("placeholders"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.NONE, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"))
    last_error = models.TextField(_("last error"), blank=True)
    due_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    attempt_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="mail_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(status=Status.SENT),
                name="mail_sent_at_only_when_sent",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["call", "status"]),
            models.Index(fields=["key", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.to}"

    @property
    def message_id(self) -> str:
        from opencall.mail.conf import message_id_domain

        return f"<opencall.{self.public_id}@{message_id_domain()}>"


class MailEvent(models.Model):
    """The outbox's audit trail: who moved which mail, when, from what to what, why."""

    mail = models.ForeignKey(OutgoingMail, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    old = models.CharField(_("from"), max_length=20, blank=True)
    new = models.CharField(_("to"), max_length=20, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("mail event")
        verbose_name_plural = _("mail events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.old} → {self.new}"


class GroupMessage(models.Model):
    """One message staff write to a group of people of a call (groups.py): one version
    per language, each person's copy in theirs where the message has it."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="group_messages")
    audience = models.CharField(_("to"), max_length=30, choices=GroupAudience.choices)
    # What the audience meant when the message was written (the filter, as data).
    audience_filter = models.JSONField(_("who is in the group"), default=dict)
    # {language: {"subject": ..., "body": ...}}, only the languages written.
    texts = models.JSONField(_("versions"), default=dict)
    # The same audience and text give the same fingerprint: a repeat within the
    # window reaches nobody twice (MAIL_GROUP_RESEND_WINDOW_HOURS).
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    recipients_count = models.PositiveIntegerField(_("mails queued"), default=0)
    skipped_count = models.PositiveIntegerField(_("left out as sent already"), default=0)

    class Meta:
        verbose_name = _("group message")
        verbose_name_plural = _("group messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience__in=GroupAudience.values),
                name="group_message_audience_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call.slug} → {self.audience} ({self.pk})"


class DigestSubscription(models.Model):
    """A staff member who wants the daily digest, for one call or for all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_digests"
    )
    call = models.ForeignKey(
        Call,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="digest_subscriptions",
        help_text=_("Empty: every call that is not a practice copy."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the language they use opencall's pages in."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daily digest subscription")
        verbose_name_plural = _("daily digest subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "call"], name="digest_unique_per_call"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(call__isnull=True), name="digest_unique_all"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.call or '*'}"


class WorkerHeartbeat(models.Model):
    """A background process's last sign of life: /healthz reads it, and a task still
    "running" under a worker not seen for a while is settled (abandoned.py)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    kind = models.CharField(_("kind"), max_length=20)  # "worker" or "scheduler"
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True, blank=True)
    queues = models.CharField(_("queues"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.kind} {self.worker_id}"
