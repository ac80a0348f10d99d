"""Tasks for the worker tests: one that works, one whose database goes away."""

from django.db import OperationalError
from django_tasks import task


@task()
def echo(word: str) -> str:
    return word


@task()
def lose_the_database() -> None:
    raise OperationalError("server closed the connection unexpectedly")
