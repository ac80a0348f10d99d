"""Reference data the call rules need, versioned, with the source of every row.

Hubs and priority lists change over time: each call points at one version, so a
later correction is a new version (or an audited edit) rather than a silent change
to a call that was already judged.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from opencall.reference.data import named_in


class ReferenceVersion(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    source = models.TextField(_("source"))
    community_team_name = models.CharField(_("community team"), max_length=200, blank=True)
    community_team_email = models.EmailField(_("community team email"), blank=True)
    community_team_url = models.URLField(_("community team web page"), blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reference data version")
        verbose_name_plural = _("reference data versions")
        ordering = ["-published_on", "key"]

    def __str__(self) -> str:
        return self.key


class Hub(models.Model):
    version = models.ForeignKey(ReferenceVersion, on_delete=models.CASCADE, related_name="hubs")
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=100)
    active_from = models.DateField(
        _("active from"),
        null=True,
        blank=True,
        help_text=_("The hub counts for regional events of calls that close on or after this day."),
    )
    active_note = models.TextField(_("note on the active date"), blank=True)
    base = models.CharField(_("base"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_url = models.URLField(_("contact web page"), blank=True)
    source = models.TextField(_("source"))
    names = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_(
            'By language: {"fr": {"name": "…", "region": "…"}}. Shown to readers of that '
            "language; the screening matches countries on the region above."
        ),
    )

    class Meta:
        verbose_name = _("Open Mapping Hub")
        verbose_name_plural = _("Open Mapping Hubs")
        ordering = ["version", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="hub_code_unique"),
            models.UniqueConstraint(fields=["version", "region"], name="hub_region_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str | None) -> str:
        return named_in(self.names, language, "name", self.name)

    def region_in(self, language: str | None) -> str:
        return named_in(self.names, language, "region", self.region)


class Confidence(models.TextChoices):
    STATED = "stated", _("stated by the published list")
    FLAGGED = "flagged", _("flagged by HOT's website data")
    INFERRED = "inferred", _("inferred by elimination or geography")
    STAFF = "staff", _("corrected by staff")


class Country(models.Model):
    version = models.ForeignKey(
        ReferenceVersion, on_delete=models.CASCADE, related_name="countries"
    )
    iso2 = models.CharField(_("ISO 3166-1 code"), max_length=2)
    name = models.CharField(_("name"), max_length=100)
    hub_region = models.CharField(_("hub region"), max_length=100, blank=True)
    priority = models.BooleanField(_("HOT priority country"), default=False)
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.STATED
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["version", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "iso2"], name="country_iso2_unique"),
            models.CheckConstraint(
                condition=models.Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_upper"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.iso2})"
