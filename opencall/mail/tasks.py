"""Background work for mail: thin tasks that load by id and call a service."""

from __future__ import annotations

from django_tasks import task

from opencall.mail.sending import mail_send


@task(queue_name="mail")
def send_mail(mail_id: int) -> str:
    return mail_send(mail_id=mail_id)
