"""The conversation between staff and an applicant, kept on the application."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.applications.models import Application


class Message(models.Model):
    class Direction(models.TextChoices):
        TO_APPLICANT = "to_applicant", _("To the applicant")
        FROM_APPLICANT = "from_applicant", _("From the applicant")

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        INFO_REQUEST = "info_request", _("Request for information")

    class Channel(models.TextChoices):
        WEB = "web", _("web page")
        EMAIL = "email", _("email reply")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MESSAGE)
    # The screening criterion (POLICY id) an information request asks about.
    criterion = models.CharField(_("criterion"), max_length=30, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    # For an information request: when the applicant answered it.
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="info_request") | ~models.Q(criterion=""),
                name="message_info_request_names_criterion",
            ),
            models.CheckConstraint(
                condition=models.Q(direction="to_applicant") | models.Q(kind="message"),
                name="message_applicant_sends_messages_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.direction} {self.body[:40]}"
