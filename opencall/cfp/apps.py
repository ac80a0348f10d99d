from django.apps import AppConfig


class CfpConfig(AppConfig):
    """The applicant's front end: the public call, the application pages, the live check."""

    name = "opencall.cfp"
    label = "cfp"
