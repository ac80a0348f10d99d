from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "opencall.selection"
    label = "selection"
