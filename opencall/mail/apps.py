from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "opencall.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self) -> None:
        # Signal receivers, and the reminder sources that register themselves.
        from opencall.mail import collaborations, digest, offers, receivers, reviewers  # noqa: F401
