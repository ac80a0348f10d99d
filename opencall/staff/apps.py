from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The reviewers' workspace: pages only; the data lives in the domain apps."""

    name = "opencall.staff"
    label = "staff"
