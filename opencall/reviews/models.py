"""Review: the rubric of a call, who reviews what, conflicts, shares, scores, notes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from opencall.applications.models import Application
from opencall.calls.models import Call

USER = settings.AUTH_USER_MODEL


class RubricCriterion(models.Model):
    """One criterion of a call's rubric, loaded from the call definition (`[[rubric]]`)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rubric")
    code = models.SlugField(_("code"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.JSONField(_("label per language"), default=dict)
    help = models.JSONField(_("help per language"), default=dict, blank=True)
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    questions = models.JSONField(
        _("questions it points to"),
        default=list,
        blank=True,
        help_text=_(
            "Ids of the call's own questions whose answers reviewers read for this criterion."
        ),
    )

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="rubric_code_unique"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="rubric_scale_ordered"
            ),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="rubric_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        language = (get_language() or "en")[:2]
        return self.label.get(language) or self.label.get("en") or self.code

    @property
    def help_text(self) -> str:
        language = (get_language() or "en")[:2]
        return self.help.get(language) or self.help.get("en") or ""

    def clean(self) -> None:
        if not isinstance(self.questions, list):
            raise ValidationError({"questions": _("A list of question ids.")})
        asked = {question.id for question in self.call.own_questions} if self.call_id else set()
        unknown = [qid for qid in self.questions if qid not in asked]
        if unknown:
            raise ValidationError(
                {
                    "questions": _("The call asks no question %(ids)s.")
                    % {"ids": ", ".join(f"'{qid}'" for qid in unknown)}
                }
            )

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class Assignment(models.Model):
    """A reviewer is asked to review an application."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("by hand")
        AUTOMATIC = "automatic", _("automatically")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.reviewer_id}"


class Conflict(models.Model):
    """A reviewer declared a conflict of interest: no scores, no review, no decision."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("why"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} ✗ {self.user_id}"


class Share(models.Model):
    """A working group member opened an application to a hub manager of another region."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="shares")
    shared_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="share_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} ⇢ {self.user_id}"


class Review(models.Model):
    """One reviewer's private scores and comment. `score` is the weighted mean of the
    scores on a 0-100 scale, kept so lists can aggregate it in the database."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="reviews")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    comment = models.TextField(_("comment"), blank=True)
    score = models.FloatField(_("score (0-100)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_unique"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | (models.Q(score__gte=0) & models.Q(score__lte=100)),
                name="review_score_range",
            ),
        ]
        indexes = [models.Index(fields=["application", "state"])]

    def __str__(self) -> str:
        return f"{self.application_id} · {self.reviewer_id} · {self.state}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}={self.value}"


class Note(models.Model):
    """An internal note: staff only, never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class ReviewSummary(models.Model):
    """The team's aggregate for one application, kept up to date by the review
    services so that lists sort and filter by score with a join, not a computation
    per row. Counts only submitted reviews of reviewers without a conflict."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="review_summary"
    )
    count = models.PositiveIntegerField(default=0)
    mean = models.FloatField(null=True, blank=True, db_index=True)
    spread = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review summary")
        verbose_name_plural = _("review summaries")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.mean} ({self.count})"
