from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "opencall.screening"
    label = "screening"

    def ready(self) -> None:
        from opencall.screening import receivers  # noqa: F401 (connects the receivers)
