"""Background work for webhooks: a thin task that loads by id and calls a service.

On the "default" queue, which every worker already runs: a receiver that answers
slowly holds a worker for at most twice WEBHOOKS_TIMEOUT_SECONDS.
"""

from __future__ import annotations

from django_tasks import task
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from opencall.webhooks.sending import delivery_send


@task(queue_name="default")
def send_delivery(delivery_id: int) -> str:
    return delivery_send(delivery_id=delivery_id)


def send_tasks(delivery_id: int) -> DBTaskResultQuerySet:
    """The database tasks queued to send one delivery, in any state."""
    return DBTaskResult.objects.filter(
        task_path=send_delivery.module_path, args_kwargs__kwargs__delivery_id=delivery_id
    )
