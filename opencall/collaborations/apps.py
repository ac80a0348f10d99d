from django.apps import AppConfig


class CollaborationsConfig(AppConfig):
    name = "opencall.collaborations"
    label = "collaborations"

    def ready(self) -> None:
        from opencall.collaborations import receivers  # noqa: F401 (connects the receivers)
