"""Stored screening results and reviewers' overrides.

The computed result (engine output, with reason codes and params so it can be shown
in any language) is replaced on every recomputation; overrides live beside it, so a
reviewer's judgement survives recomputation. `verdict` is the effective verdict:
the computed criteria with the overrides applied.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.applications.models import Application


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    NEEDS_REVIEW = "needs_review", _("Needs review")


class Outcome(models.TextChoices):
    PASS = "pass", _("Passes")
    FAIL = "fail", _("Fails")
    UNCLEAR = "unclear", _("Unclear")


class ScreeningResult(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="screening"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    computed_verdict = models.CharField(
        _("computed verdict"), max_length=20, choices=Verdict.choices
    )
    result = models.JSONField(_("computed result"))
    reference_key = models.CharField(_("reference data"), max_length=60)
    # The document the result was computed from (see preferences.document_digest): a
    # reader can tell a result that no longer matches its application.
    document_digest = models.CharField(_("document digest"), max_length=64, blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        indexes = [models.Index(fields=["verdict"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.verdict}"


class CriterionOutcome(models.Model):
    """One row per criterion, so lists can filter by 'GEO fails' on any database."""

    screening = models.ForeignKey(
        ScreeningResult, on_delete=models.CASCADE, related_name="outcomes"
    )
    criterion = models.CharField(_("criterion"), max_length=20)
    computed = models.CharField(_("computed"), max_length=10, choices=Outcome.choices)
    effective = models.CharField(_("effective"), max_length=10, choices=Outcome.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["screening", "criterion"], name="outcome_unique")
        ]
        indexes = [models.Index(fields=["criterion", "effective"])]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.effective}"


class Override(models.Model):
    """A reviewer's judgement of one criterion, with the written reason."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="screening_overrides"
    )
    criterion = models.CharField(_("criterion"), max_length=20)
    result = models.CharField(_("result"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(_("when"), auto_now=True)

    class Meta:
        verbose_name = _("screening override")
        verbose_name_plural = _("screening overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="override_unique_per_criterion"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} → {self.result}"
