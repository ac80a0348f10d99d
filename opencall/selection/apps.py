from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "opencall.selection"
    label = "selection"

    def ready(self) -> None:
        from opencall.selection import receivers  # noqa: F401 (connects the receivers)
