import tomli_w
from django.core.management.base import BaseCommand, CommandError

from opencall.calls.models import Call
from opencall.calls.services import call_export
from opencall.reviews.rubric import rubric_export
from opencall.selection.setup import selection_export


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
        # A command is an interface, like a view: it gathers what each app stores,
        # so that what staff edited in the admin goes back into the file.
        data = call_export(call=call)
        if rubric := rubric_export(call=call):
            data["rubric"] = rubric
        data.update(selection_export(call=call))
        text = tomli_w.dumps(data, multiline_strings=True)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
