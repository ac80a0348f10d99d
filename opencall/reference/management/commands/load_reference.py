from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencall.reference.data import ReferenceDataError
from opencall.reference.services import reference_load


class Command(BaseCommand):
    help = "Load a versioned reference data folder (hubs, priority countries) into the database."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            version, created = reference_load(folder=folder)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        state = "loaded" if created else "already loaded; staff edits kept"
        self.stdout.write(f"Reference data {version.key}: {state}.")
