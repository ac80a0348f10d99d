"""Applications, their private links, and the audit timeline."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.applications.workflow import Status, applicant_status_label
from opencall.calls.models import Call


def new_access_key() -> str:
    return secrets.token_urlsafe(24)


class Application(models.Model):
    """One expression of interest. The document (JSON) is the source of truth; the
    columns beside it are copies kept for lists and filters."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    document = models.JSONField(_("application document"), default=dict)
    language = models.CharField(_("language"), max_length=8, default="en")
    email = models.EmailField(_("contact email"))
    event_name = models.CharField(_("event"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    # The Open Mapping Hub whose region holds the event's country (reference data of
    # the call), or "" when none does: hub managers see their hub's applications.
    hub_code = models.CharField(_("hub"), max_length=20, blank=True, db_index=True)
    scope = models.CharField(_("scope"), max_length=20, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    start_date = models.DateField(_("starts"), null=True, blank=True)
    step = models.PositiveSmallIntegerField(_("last step saved"), default=0)
    # The decision released to the applicant (accepted, waitlisted, declined), or "":
    # what they may read of it, while staff may already have decided again.
    decision_told = models.CharField(_("decision told"), max_length=20, blank=True)
    # The private link is derived from this key and the site's secret (see links.py):
    # the database alone does not reveal links, and a new key revokes the old link.
    access_key = models.CharField(max_length=64, default=new_access_key, editable=False)
    # One form session makes one application, however often its first step is posted.
    form_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Late access (applications/late.py): a call administrator let this applicant send
    # after the close, until this moment; DEADLINE is judged against it. Who, why and
    # when are on the timeline ("late" entries).
    late_until = models.DateTimeField(_("may send until"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "number"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="application_number_unique"),
            models.UniqueConstraint(
                fields=["call", "form_key"], name="application_form_key_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in Status]),
                name="application_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True) | ~models.Q(status="draft"),
                name="application_draft_not_submitted",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["call", "country"]),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.event_name}".strip()

    @property
    def ref(self) -> str:
        return f"{self.call.slug.upper()}-{self.number:04d}"

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def applicant_status_label(self) -> str:
        return applicant_status_label(Status(self.status), self.decision_told)


class CoOrganiser(models.Model):
    """Another contact of an application, with a private link of their own: the first
    contact (the main link) makes and revokes it (docs/co-organisers.md)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="co_organisers"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, default="en")
    # Mail about the application (messages, decisions, reminders) goes to them too.
    wants_mail = models.BooleanField(_("gets mail about the application"), default=True)
    # Their link is an HMAC of the application's id, this row and this key (links.py):
    # a new key, or revoked_at, ends this one link and no other.
    access_key = models.CharField(max_length=64, default=new_access_key, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("link revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-organiser")
        verbose_name_plural = _("co-organisers")
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Actor(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("opencall")


class ApplicationEvent(models.Model):
    """The audit timeline: who did what, when, from what to what, and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Started")
        EDITED = "edited", _("Edited")
        STATUS = "status", _("Status changed")
        SCREENED = "screened", _("Screened")
        OVERRIDE = "override", _("Screening overridden")
        ASSIGNMENT = "assignment", _("Assignment")
        REVIEW = "review", _("Review")
        MESSAGE = "message", _("Message")
        NOTE = "note", _("Internal note")
        DECISION = "decision", _("Decision")
        COST = "cost", _("Cost estimate")
        MAIL = "mail", _("Mail")
        LINK = "link", _("Private link renewed")
        COLLABORATION = "collaboration", _("Collaboration")
        SPEND = "spend", _("Spending")
        IMPORTED = "imported", _("Imported")
        CO_ORGANISER = "co_organiser", _("Co-organiser")
        LATE = "late", _("Late access")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    actor = models.CharField(_("by"), max_length=10, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    old = models.CharField(_("from"), max_length=200, blank=True)
    new = models.CharField(_("to"), max_length=200, blank=True)
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.old} → {self.new}"
