"""`manage.py optimise INSTANCE.json`: the selection optimiser on a JSON file.

The same as `python -m opencall.selection`; it needs no database, so it runs no system
checks and no migration checks.
"""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencall.selection import cli
from opencall.selection.instance import InstanceError


class Command(BaseCommand):
    help = cli.DESCRIPTION
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        cli.add_arguments(parser)

    def handle(self, *args: object, **options: object) -> None:
        try:
            report = cli.run(
                str(options["instance"]),
                compare_greedy=bool(options["compare_greedy"]),
                time_limit_s=options["time_limit"],  # type: ignore[arg-type]
                mip_rel_gap=float(options["gap"]),  # type: ignore[arg-type]
            )
        except InstanceError as exc:
            raise CommandError("\n".join(exc.errors), returncode=2) from None
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
