"""/healthz: what a load balancer or a supervisor polls. 200 when the database answers
and a task worker was seen within WORKER_STALE_SECONDS; 503 naming what failed.

Cheap (one query), no sign-in, no session, no cookie; answered by HealthMiddleware,
placed before the outage middleware and every one that could touch the session, the
database or the host check (a balancer asks by address, over plain HTTP).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from opencall.core.background import database_workers

HEALTH_PATH = "/healthz"


def healthz(request: HttpRequest) -> JsonResponse:
    from opencall.mail.models import WorkerHeartbeat

    body: dict[str, object] = {"database": "ok", "worker": "ok", "worker_seen_seconds_ago": None}
    try:
        seen = WorkerHeartbeat.objects.filter(kind="worker").aggregate(last=Max("seen_at"))["last"]
    except DatabaseError:
        body.update(database="unavailable", worker="unknown")
    else:
        if seen is not None:
            body["worker_seen_seconds_ago"] = round((timezone.now() - seen).total_seconds(), 1)
        if not database_workers():
            body["worker"] = "not used"
        elif seen is None:
            body["worker"] = "missing"
        elif body["worker_seen_seconds_ago"] > float(settings.WORKER_STALE_SECONDS):
            body["worker"] = "stale"
    healthy = body["database"] == "ok" and body["worker"] in ("ok", "not used")
    body = {"status": "ok" if healthy else "unavailable", **body}
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    if not healthy:
        response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    return response


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
