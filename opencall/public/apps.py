from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "opencall.public"
    label = "public"
