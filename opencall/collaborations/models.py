"""The second half of a call: each accepted application's collaboration, what HOT does
(deliverables), what the organiser promised (commitments), and the organiser's report
after the event. Money and hours actually spent are the selection app's (Spend), kept
beside the pools they come from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.applications.models import Application
from opencall.collaborations.workflow import (
    COMMITMENT_SETTLED,
    DELIVERABLE_SETTLED,
    CommitmentKind,
    CommitmentStatus,
    DeliverableStatus,
)


class Collaboration(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="collaboration"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_reason = models.TextField(_("why it was closed early"), blank=True)

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self) -> str:
        return str(self.application)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Deliverable(models.Model):
    """One granted offer, as the work HOT does for the event."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="deliverables"
    )
    offer_code = models.SlugField(_("offer"), max_length=50)
    what = models.TextField(_("what HOT does"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliverables",
        verbose_name=_("owner"),
    )
    team = models.CharField(_("owning team"), max_length=100, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliverableStatus.choices, default="planned"
    )
    drop_reason = models.TextField(_("why it was dropped"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "offer_code"], name="deliverable_once_per_offer"
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def settled(self) -> bool:
        return self.status in DELIVERABLE_SETTLED


class Commitment(models.Model):
    """Something the organiser promised, answered through their private link."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(_("what"), max_length=30, choices=CommitmentKind.choices)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus.choices, default="open"
    )
    links = models.JSONField(_("links"), default=list, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    waive_reason = models.TextField(_("why it was waived"), blank=True)

    class Meta:
        verbose_name = _("organiser's commitment")
        verbose_name_plural = _("organiser's commitments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "kind"], name="commitment_once_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def settled(self) -> bool:
        return self.status in COMMITMENT_SETTLED


class EventReport(models.Model):
    """What the organiser tells after the event (through their private link)."""

    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="report"
    )
    attendance_in_person = models.PositiveIntegerField(_("people who came in person"))
    attendance_online = models.PositiveIntegerField(_("people who took part online"), default=0)
    countries = models.JSONField(_("countries of the participants"), default=list, blank=True)
    scholarships_used = models.PositiveIntegerField(_("scholarships used"), default=0)
    links = models.JSONField(_("recordings, slides and content"), default=list, blank=True)
    worked = models.TextField(_("what worked"), blank=True)
    differently = models.TextField(_("what HOT should do differently"), blank=True)
    filed_at = models.DateTimeField(_("filed"), auto_now=True)

    class Meta:
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")

    def __str__(self) -> str:
        return str(self.collaboration)
