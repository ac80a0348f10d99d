from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "opencall.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # The retention rule is a step of the mail scheduler's tick. Registered from
        # here because privacy sits above mail (mail cannot import it).
        from opencall.mail.scheduler import STEPS
        from opencall.privacy.services import retention_tick

        STEPS["retention"] = retention_tick
