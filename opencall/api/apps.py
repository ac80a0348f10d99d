from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "opencall.api"
    label = "api"
