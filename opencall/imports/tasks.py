"""Background work of imports: thin tasks that load by id and call a service."""

from django.utils import translation
from django_tasks import task

from opencall.imports.models import ImportBatch
from opencall.imports.services import import_run


@task()
def run_import(batch_id: int, language: str = "en") -> int:
    """Run a waiting import (services.import_start queued it), its rows' messages in the
    language of the person who started it. Returns the rows brought in or updated."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return 0
    with translation.override(language):
        report = import_run(batch=batch)
    return (report.imported + report.updated) if report else 0
