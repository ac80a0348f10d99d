from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "opencall.reference"
    label = "reference"
