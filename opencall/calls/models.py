"""A call: its texts, dates, offers and the reference data its rules use.

Texts are translated per language (django-modeltranslation adds one column per
language in settings.LANGUAGES; English is the fallback).
"""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencall.calls import questions as q
from opencall.calls import texts
from opencall.calls.placeholders import text_problems
from opencall.core.translated import languages
from opencall.reference.models import ReferenceVersion


def _validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("'%(value)s' is not a time zone name."), params={"value": value}
        ) from exc


class Call(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "Markdown. What the call keeps about applicants, why, for how long, and how to "
            "download or erase it; shown before the form's first step and linked from every mail."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("months personal data is kept after the call closes"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "Then the personal data of declined, withdrawn and never submitted applications "
            "is anonymised (manage.py apply_retention); the figures are kept."
        ),
    )
    timezone = models.CharField(
        _("time zone"), max_length=60, default="UTC", validators=[_validate_timezone]
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    decision_date = models.DateField(_("decisions by"))
    event_window_start = models.DateField(_("events from"))
    event_window_end = models.DateField(_("events until"))
    excluded_formats = models.JSONField(_("excluded event formats"), default=list, blank=True)
    reference_version = models.ForeignKey(
        ReferenceVersion,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("reference data"),
    )
    is_practice = models.BooleanField(
        _("practice copy"),
        default=False,
        help_text=_("A copy to try the applicant's path; its applications are not real."),
    )
    extra = models.JSONField(_("further settings"), default=dict, blank=True)
    questions = models.JSONField(
        _("the call's own questions"),
        default=list,
        blank=True,
        help_text=_(
            "Asked beside the questions every call asks, as the call file's [[questions]] "
            "(see docs/questions.md). Once applications exist, an optional question can be "
            "added, but an answered one cannot be removed or change its type."
        ),
    )
    criteria = models.JSONField(
        _("extra criteria"),
        default=list,
        blank=True,
        help_text=_("Eligibility criteria on the call's own questions ([[criteria]])."),
    )
    application_count = models.PositiveIntegerField(default=0, editable=False)
    # Bumped with every change the call's public pages show (calls/versions.py): part of
    # the cached pages' key and of their ETag, so an edit is seen at the next request.
    page_version = models.PositiveIntegerField(default=0, editable=False)
    page_changed_at = models.DateTimeField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(event_window_end__gte=models.F("event_window_start")),
                name="call_event_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})
        if (
            self.event_window_start
            and self.event_window_end
            and self.event_window_end < self.event_window_start
        ):
            raise ValidationError(
                {"event_window_end": _("The event window ends before it starts.")}
            )
        self._clean_texts()
        self._clean_questions()

    def _clean_questions(self) -> None:
        """The same checks as a call file's load, and none that would lose an answer."""
        try:
            new = q.parse_questions(self.questions, languages=self.languages)
            q.parse_criteria(self.criteria, questions=new, languages=self.languages)
        except q.QuestionError as exc:
            raise ValidationError({"questions": str(exc)}) from exc
        if self.pk is None:
            return
        stored = Call.objects.filter(pk=self.pk).values_list("questions", flat=True).first()
        old = q.parse_questions(stored or [], languages=())
        documents = self.applications.values_list("document", flat=True)
        answered = q.answered_values(doc.get("answers", {}) for doc in documents)
        refused = q.answered_changes_refused(
            old, new, answered, applications_exist=self.applications.exists()
        )
        if refused:
            raise ValidationError(
                {
                    "questions": _("No answer may be lost: %(reasons)s.")
                    % {"reasons": "; ".join(refused)}
                }
            )

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the call is written in: those its title has."""
        return tuple(lang for lang in languages() if getattr(self, f"title_{lang}", None))

    @property
    def own_questions(self) -> tuple[q.Question, ...]:
        return q.parse_questions(self.questions, languages=())

    @property
    def criterion_steps(self) -> dict[str, str]:
        """The step each extra criterion's question is asked on."""
        return q.criterion_steps(self.extra_criteria, self.own_questions)

    @property
    def extra_criteria(self) -> tuple[q.ExtraCriterion, ...]:
        return q.parse_criteria(self.criteria, questions=self.own_questions, languages=())

    def _clean_texts(self) -> None:
        """The same check as a call file's load: every placeholder of every language's
        texts is one the pages can fill (calls/placeholders.py)."""
        errors = {}
        for field in ("title", "summary", "body", "privacy_notice"):
            for lang in languages():
                name = f"{field}_{lang}"
                if problems := text_problems(field, getattr(self, name, "") or ""):
                    errors[name] = ValidationError(
                        _("This text cannot be shown: %(problems)s."),
                        params={"problems": "; ".join(problems)},
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def dates(self) -> texts.CallDates:
        """The call's dates in words, in the reader's language."""
        return texts.call_dates(self)

    @property
    def summary_text(self) -> str:
        return texts.summary_text(self)

    @property
    def body_html(self) -> str:
        return texts.body_html(self)

    @property
    def privacy_notice_html(self) -> str:
        return texts.privacy_html(self)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def timezone_label(self) -> str:
        """The call's time zone as people read it: "Africa/Nairobi", or "UTC−12:00"
        for the Etc/ zones (Anywhere on Earth is Etc/GMT+12, the sign reversed)."""
        if not self.timezone.startswith("Etc/"):
            return self.timezone
        offset = self.closes_at.astimezone(self.tzinfo).strftime("%z") if self.closes_at else ""
        if not offset or offset == "+0000":
            return "UTC"
        sign = "−" if offset[0] == "-" else "+"
        return f"UTC{sign}{offset[1:3]}:{offset[3:]}"

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at

    def has_closed(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) > self.closes_at


class Offer(models.Model):
    """One kind of support the call's organiser can give (POLICY collaboration types)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="offers")
    code = models.SlugField(_("code"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    takes_amount = models.BooleanField(
        _("takes an amount in USD"),
        default=False,
        help_text=_("Applicants state how much money they ask for (sponsorship, scholarships)."),
    )
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="offer_code_unique_per_call"),
            models.CheckConstraint(
                condition=~models.Q(code="other"), name="offer_code_other_is_reserved"
            ),
        ]

    def __str__(self) -> str:
        return self.label
