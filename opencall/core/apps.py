from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "opencall.core"
    label = "core"
