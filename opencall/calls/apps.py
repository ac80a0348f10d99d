from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "opencall.calls"
    label = "calls"
