from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "opencall.conversations"
    label = "conversations"
