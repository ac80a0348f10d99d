from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "opencall.calls"
    label = "calls"

    def ready(self) -> None:
        from opencall.calls import receivers  # noqa: F401 (connects the receivers)
