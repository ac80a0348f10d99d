from pathlib import Path

from django.contrib.admin.models import ADDITION, CHANGE
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from opencall.accounts.services import audit
from opencall.calls.definition import CallDefinitionError, load_definition
from opencall.calls.services import CallUpdateRefused
from opencall.staff.loading import call_install


class Command(BaseCommand):
    help = (
        "Load a call definition file (TOML) into the database: the call, its rubric, "
        "pools, costs and selection settings."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--practice",
            action="store_true",
            help="Load a practice copy that opens today and stays open for 30 days.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Make a call already loaded, and its rows, those of the file.",
        )
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="The person loading the file, named in the admin's history of the call.",
        )

    def handle(self, *args, file: Path, practice: bool, update: bool, by: str | None, **options):
        user = None
        if by and (user := get_user_model().objects.filter(username=by).first()) is None:
            raise CommandError(f"No user named '{by}'.")
        try:
            loaded = call_install(
                definition=load_definition(file), practice=practice, update=update
            )
        except CallDefinitionError as exc:
            raise CommandError(str(exc)) from exc
        except CallUpdateRefused as exc:
            reasons = "\n".join(f"  - {reason}" for reason in exc.reasons)
            raise CommandError(f"{file}: update refused, nothing was changed:\n{reasons}") from exc
        self.stdout.write(f"Call {loaded.call.slug}: {loaded.action}.")
        for change in loaded.changes:
            self.stdout.write(f"  - {change}")
        if user is not None and loaded.action != "kept":
            flag = ADDITION if loaded.action == "created" else CHANGE
            message = f"load_call {file}: {loaded.action}" + "".join(
                f"; {change}" for change in loaded.changes
            )
            audit([loaded.call], by=user, flag=flag, message=message)
