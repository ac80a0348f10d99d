"""Resources, costs, scenarios and decisions of a call's selection.

Pools, default costs, bounds and dependencies are data (loaded from the call's
definition file, edited in the admin). Committed resources are rows: the sum per
pool is checked under a lock on the pool, so two deciders cannot overspend it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.applications.models import Application
from opencall.calls.models import Call
from opencall.selection.amounts import amount_text


class Unit(models.TextChoices):
    USD = "usd", _("US dollars")
    HOURS = "hours", _("staff hours")


class ResourcePool(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="pools")
    code = models.SlugField(_("code"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    capacity = models.DecimalField(_("capacity"), max_digits=12, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("resource pool")
        verbose_name_plural = _("resource pools")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="pool_code_unique"),
            models.CheckConstraint(condition=models.Q(capacity__gte=0), name="pool_capacity_gte_0"),
        ]

    def __str__(self) -> str:
        return self.label

    def amount_text(self, value) -> str:
        """An amount of this pool as people read it: "USD 6,000", "24 h"."""
        return amount_text(value, self.unit)


class OfferCost(models.Model):
    """The default cost of an offer type against one pool."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="offer_costs")
    offer_code = models.SlugField(_("offer"), max_length=50)
    pool = models.ForeignKey(ResourcePool, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, default=0)
    from_requested_amount = models.BooleanField(
        _("the amount the applicant asked for"), default=False
    )

    class Meta:
        verbose_name = _("default offer cost")
        verbose_name_plural = _("default offer costs")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "offer_code", "pool"], name="offer_cost_unique"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="offer_cost_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_code} → {self.pool.code}"


class OfferRequirement(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="offer_requirements")
    offer_code = models.SlugField(_("offer"), max_length=50)
    requires_code = models.SlugField(_("requires"), max_length=50)

    class Meta:
        verbose_name = _("offer dependency")
        verbose_name_plural = _("offer dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "offer_code", "requires_code"], name="offer_requirement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_code} → {self.requires_code}"


class SelectionSettings(models.Model):
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="selection_settings")
    max_events = models.PositiveIntegerField(_("most events supported"), null=True, blank=True)
    priority_country_bonus = models.DecimalField(
        _("bonus for a priority country"), max_digits=4, decimal_places=2, default=0
    )
    accessible_bonus = models.DecimalField(
        _("bonus for online or open content"), max_digits=4, decimal_places=2, default=0
    )
    publish_supported_events = models.BooleanField(
        _("list the supported events publicly"),
        default=False,
        help_text=_(
            "Once decisions are released, a public page lists the accepted events (name, "
            "dates, place, hub, support granted) with a calendar feed and open data."
        ),
    )
    confirm_days = models.PositiveIntegerField(
        _("days to confirm an offer"),
        default=14,
        help_text=_(
            "After decisions are released, an accepted applicant has this many days to "
            "confirm or decline what was granted; an offer not answered by then expires "
            "and its resources return to the pools."
        ),
    )

    class Meta:
        verbose_name = _("selection settings")
        verbose_name_plural = _("selection settings")

    def __str__(self) -> str:
        return str(self.call)


class HubBound(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="hub_bounds")
    hub_code = models.SlugField(_("hub"), max_length=20)
    minimum = models.PositiveIntegerField(_("at least"), default=0)
    maximum = models.PositiveIntegerField(_("at most"), null=True, blank=True)

    class Meta:
        verbose_name = _("hub bound")
        verbose_name_plural = _("hub bounds")
        constraints = [
            models.UniqueConstraint(fields=["call", "hub_code"], name="hub_bound_unique"),
            models.CheckConstraint(
                condition=models.Q(maximum__isnull=True)
                | models.Q(maximum__gte=models.F("minimum")),
                name="hub_bound_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.hub_code


class CostEstimate(models.Model):
    """What one requested offer of one application costs against one pool, when it
    differs from the default, or what was agreed with the applicant."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="cost_estimates"
    )
    offer_code = models.SlugField(_("offer"), max_length=50)
    pool = models.ForeignKey(ResourcePool, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    agreed = models.BooleanField(_("agreed with the applicant"), default=False)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cost estimate")
        verbose_name_plural = _("cost estimates")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "offer_code", "pool"], name="cost_estimate_unique"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="cost_estimate_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_code}: {self.amount}"


class Scenario(models.Model):
    """A named what-if: the pools, bounds and locks it was run with, and its result."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=100)
    params = models.JSONField(_("settings"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    result = models.JSONField(_("optimal portfolio"), null=True, blank=True)
    greedy = models.JSONField(_("by hand (greedy)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A person may stop a running solve and keep its best selection so far: who, when.
    # The worker asks between its rounds and then leaves the kept result alone.
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stopped by"),
    )
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")

    class Answer(models.TextChoices):
        """The applicant's answer to an accepted decision, once released (the offer)."""

        NONE = "", _("No offer")
        AWAITED = "awaited", _("Awaiting the applicant's answer")
        CONFIRMED = "confirmed", _("Confirmed by the applicant")
        DECLINED = "declined", _("Declined by the applicant")
        EXPIRED = "expired", _("Expired without an answer")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    offers = models.JSONField(_("granted offers"), default=list, blank=True)
    reason = models.TextField(_("reason"))  # for the applicant: their decision mail quotes it
    internal_note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_("For the team only: never in a mail or on the applicant's page."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    final_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    # An accepted decision, once released, is an offer the applicant confirms or declines
    # by `answer_due`; only a confirmation opens the collaboration (selection.offers).
    answer = models.CharField(
        _("offer"), max_length=10, choices=Answer.choices, default=Answer.NONE, blank=True
    )
    answer_due = models.DateTimeField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # Once the collaboration closes, what was spent is final: what was committed and not
    # spent returns to its pool (selectors.pool_use).
    spending_closed_at = models.DateTimeField(_("spending closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="decision_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.outcome}"


class SignOff(models.Model):
    """One of the sign-offs a decision needs (POLICY: the Working Group with the hubs)."""

    class As(models.TextChoices):
        WORKING_GROUP = "working_group", _("Working group")
        HUB_MANAGER = "hub_manager", _("Hub community manager")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sign_offs")
    role = models.CharField(_("as"), max_length=20, choices=As.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "role"], name="sign_off_once_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.user_id}"


class Commitment(models.Model):
    """Resources an accepted decision takes from a pool."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="commitments")
    pool = models.ForeignKey(ResourcePool, on_delete=models.PROTECT, related_name="commitments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "pool"], name="commitment_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="commitment_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.pool.code}: {self.amount}"


class Spend(models.Model):
    """What was actually spent from a pool for an accepted decision, in the pool's unit:
    one running total per pool, each change in the application's timeline."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="spends")
    pool = models.ForeignKey(ResourcePool, on_delete=models.PROTECT, related_name="spends")
    amount = models.DecimalField(_("spent"), max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        constraints = [
            models.UniqueConstraint(fields=["decision", "pool"], name="spend_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="spend_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.pool.code}: {self.amount}"
