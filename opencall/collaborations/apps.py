from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "opencall.collaborations"
    label = "collaborations"
