"""/healthz for a load balancer: 200 when the database answers and a worker was seen
lately; 503 naming what failed. No sign-in, no session, no cookie."""

import datetime as dt

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from opencall.mail.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_STALE_SECONDS = 30


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def beat(seconds_ago: float) -> None:
    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker_id="w1", kind="worker", started_at=at, seen_at=at)


def test_healthy_with_the_database_and_a_recent_worker(client):
    beat(2)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["worker"]) == ("ok", "ok", "ok")
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_a_load_balancer_asking_by_address_gets_an_answer(client):
    beat(2)
    response = client.get("/healthz", headers={"host": "10.0.0.7:8000"})
    assert response.status_code == 200


def test_no_worker_seen_lately_is_a_503_naming_the_worker(client):
    beat(300)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["worker"]) == ("unavailable", "ok", "stale")


def test_no_worker_ever_is_a_503(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "missing"


def test_the_database_down_is_a_503_naming_the_database(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["database"], body["worker"]) == ("unavailable", "unknown")
    assert "Retry-After" in response


def test_without_a_database_task_backend_the_worker_is_not_asked(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == "not used"
