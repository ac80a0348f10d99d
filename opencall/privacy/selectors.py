"""What the staff pages read of the privacy app."""

from __future__ import annotations

from django.db.models import QuerySet

from opencall.calls.models import Call
from opencall.privacy.models import ErasureRequest


def erasures_waiting(*, call: Call) -> QuerySet[ErasureRequest]:
    """The erasures of this call's applications that wait for a call administrator."""
    return (
        ErasureRequest.objects.filter(application__call=call, status=ErasureRequest.Status.WAITING)
        .select_related("application")
        .order_by("asked_at", "id")
    )


def erasures_decided(*, call: Call, last: int = 20) -> list[ErasureRequest]:
    return list(
        ErasureRequest.objects.filter(application__call=call)
        .exclude(status=ErasureRequest.Status.WAITING)
        .select_related("application", "decided_by")
        .order_by("-decided_at", "-id")[:last]
    )
