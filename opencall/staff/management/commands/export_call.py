import tomli_w
from django.core.management.base import BaseCommand, CommandError

from opencall.calls.models import Call
from opencall.staff.loading import call_export_all


class Command(BaseCommand):
    help = "Write a call as a definition file (TOML) to standard output or a file."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--output", "-o", help="File to write; standard output if absent.")

    def handle(self, *args, slug: str, output: str | None, **options):
        try:
            call = Call.objects.get(slug=slug)
        except Call.DoesNotExist as exc:
            raise CommandError(f"No call with slug '{slug}'.") from exc
        # Read from the rows, so that what staff edited in the admin goes into the file.
        text = tomli_w.dumps(call_export_all(call=call), multiline_strings=True)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
