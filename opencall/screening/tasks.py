"""Background work of screening: thin tasks that load by id and call a service."""

from django_tasks import task

from opencall.calls.models import Call
from opencall.screening.services import screening_refresh_call


@task()
def refresh_call_screening(call_id: int) -> int:
    call = Call.objects.filter(pk=call_id).first()
    return screening_refresh_call(call=call) if call else 0
