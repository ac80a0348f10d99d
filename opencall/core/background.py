"""How background work runs, for the code that watches it (the health check, the
recovery of dead workers' tasks, `make run`'s wait for the demo mail)."""

from django.conf import settings


def database_workers() -> bool:
    """Tasks wait in the database for worker processes (django-tasks-db's backend), rather
    than running at once where they are queued (the immediate backend of some tests)."""
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")
