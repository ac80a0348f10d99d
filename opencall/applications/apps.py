from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "opencall.applications"
    label = "applications"
