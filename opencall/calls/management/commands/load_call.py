from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opencall.calls.definition import CallDefinitionError, load_definition
from opencall.calls.services import call_load


class Command(BaseCommand):
    help = "Load a call definition file (TOML) into the database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--practice",
            action="store_true",
            help="Load a practice copy that opens today and stays open for 30 days.",
        )
        parser.add_argument(
            "--update", action="store_true", help="Overwrite a call that is already loaded."
        )

    def handle(self, *args, file: Path, practice: bool, update: bool, **options):
        try:
            call, action = call_load(
                definition=load_definition(file), practice=practice, update=update
            )
        except CallDefinitionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Call {call.slug}: {action}.")
