from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "opencall.imports"
    label = "imports"
