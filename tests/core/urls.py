"""The site's pages plus two that lose the database, for the outage tests."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from opencall.urls import urlpatterns as site


def lose_the_database(request):
    raise OperationalError("server closed the connection unexpectedly")


def lose_the_connection(request):
    raise InterfaceError("connection already closed")


def other_error(request):
    raise ValueError("a plain bug")


urlpatterns = [
    path("down/", lose_the_database),
    path("api/v1/down/", lose_the_connection),
    path("bug/", other_error),
    *site,
]
