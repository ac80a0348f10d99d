"""Who works on which call, in which role; and what each call asks of its staff."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencall.applications.workflow import Role
from opencall.calls.models import Call


class StaffRole(models.TextChoices):
    """The roles a person is given on a call (workflow.Role names the same ideas)."""

    WORKING_GROUP = Role.WORKING_GROUP.value, _("Working group member")
    HUB_MANAGER = Role.HUB_MANAGER.value, _("Hub community manager")
    CALL_ADMIN = Role.CALL_ADMIN.value, _("Call administrator")


class Membership(models.Model):
    """One role of one person on one call. A hub manager's membership names the hub
    (its code in the call's reference data): they see that hub's applications."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    hub_code = models.CharField(_("hub"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["call", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "call", "role", "hub_code"], name="membership_unique"
            ),
            # A hub manager belongs to exactly one hub; other roles to none.
            models.CheckConstraint(
                condition=(models.Q(role="hub_manager") & ~models.Q(hub_code=""))
                | (~models.Q(role="hub_manager") & models.Q(hub_code="")),
                name="membership_hub_only_for_hub_managers",
            ),
        ]

    def __str__(self) -> str:
        hub = f" ({self.hub_code})" if self.hub_code else ""
        return f"{self.user} · {self.get_role_display()}{hub} · {self.call.slug}"


class CallStaffSettings(models.Model):
    """What a call asks of the people who work on it."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="staff_settings")
    require_two_factor = models.BooleanField(
        _("require two-factor authentication"),
        default=False,
        help_text=_("Staff must confirm a one-time code before they see this call's applications."),
    )
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_(
            "Reviewers do not see the applicant's names and contacts until their own review "
            "is in (or the application is decided); the event and its organisation stay "
            "visible. Call administrators and the hub community manager of the event's "
            "region always see them. The call file's [review] blind."
        ),
    )

    class Meta:
        verbose_name = _("staff settings of a call")
        verbose_name_plural = _("staff settings of calls")

    def __str__(self) -> str:
        return str(self.call)


class StaffProfile(models.Model):
    """What opencall remembers of a staff member beyond Django's user: the language of
    the mail it sends them (reminders), taken from the language they use its pages in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    language = models.CharField(
        _("language of mail"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Set when they sign in or change the language of the pages."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"


class ApiToken(models.Model):
    """A personal key to the staff API. Only the SHA-256 of the secret is kept: the
    secret is shown once, when the token is made, and cannot be read back.

    Its reach is its owner's roles (the rulebook) narrowed to its calls, to reading
    unless it may write, and until its expiry date (the API's gate applies all three)."""

    class Access(models.TextChoices):
        READ = "read", _("Read only")
        READ_WRITE = "read_write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The secret's first characters, to tell tokens apart in lists; not enough to use one.
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    calls = models.ManyToManyField(Call, related_name="+", verbose_name=_("calls"))
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.READ
    )
    # The last day the token is accepted (in the site's time zone).
    expires_on = models.DateField(_("expires on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"

    @property
    def is_active(self) -> bool:
        """Not revoked (an expired token may still be revoked, to say it is done with)."""
        return self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return timezone.localdate() > self.expires_on

    @property
    def can_write(self) -> bool:
        return self.access == self.Access.READ_WRITE
