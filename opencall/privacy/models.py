"""The privacy audit and the erasures waiting for a call administrator.

Neither keeps the person's address: the audit names them by a keyed hash (identity.py),
enough to tell that two requests came from the same address, useless to read it back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.applications.models import Application
from opencall.calls.models import Call


class PrivacyEvent(models.Model):
    class Kind(models.TextChoices):
        LINK_SENT = "link_sent", _("Download link sent")
        DOWNLOADED = "downloaded", _("Data downloaded")
        ERASURE_ASKED = "erasure_asked", _("Erasure asked")
        ERASED = "erased", _("Personal data erased")
        ERASURE_CONFIRMED = "erasure_confirmed", _("Erasure confirmed by a call administrator")
        ERASURE_REFUSED = "erasure_refused", _("Erasure refused by a call administrator")
        RETAINED = "retained", _("Anonymised at the end of the retention period")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    person = models.CharField(_("person (keyed hash of the address)"), max_length=64, blank=True)
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.PROTECT)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    count = models.PositiveIntegerField(_("applications"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("privacy audit entry")
        verbose_name_plural = _("privacy audit")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kind", "application"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class ErasureRequest(models.Model):
    """Applications under an accepted decision or a collaboration: their erasure waits
    for a call administrator of each one's call (docs/privacy.md)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a call administrator")
        DONE = "done", _("Erased")
        REFUSED = "refused", _("Refused")

    person = models.CharField(_("person (keyed hash of the address)"), max_length=64)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(_("why refused"), blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["asked_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="waiting"),
                name="erasure_request_one_waiting",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["waiting", "done", "refused"]),
                name="erasure_request_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.get_status_display()}"
