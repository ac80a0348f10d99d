"""Background work for mail: thin tasks that load by id and call a service."""

from __future__ import annotations

from django_tasks import task
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from opencall.mail.sending import mail_send


@task(queue_name="mail")
def send_mail(mail_id: int) -> str:
    return mail_send(mail_id=mail_id)


def send_tasks(mail_id: int) -> DBTaskResultQuerySet:
    """The database tasks queued to send one outbox row, in any state."""
    return DBTaskResult.objects.filter(
        task_path=send_mail.module_path, args_kwargs__kwargs__mail_id=mail_id
    )
