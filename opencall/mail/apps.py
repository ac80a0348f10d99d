from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "opencall.mail"
    label = "mail"
