from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "opencall.screening"
    label = "screening"
