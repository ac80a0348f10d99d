"""`manage.py screen --call CALL_FILE APPLICATIONS.json`: the screening CLI under Django.

It never opens the database (no system or migration checks), so it runs where no
database is configured; reasons are translated through Django's catalogues.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from opencall.screening import cli


class Command(BaseCommand):
    help = "Screen application documents (a JSON array) against a call definition file."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--call", required=True, help="the call definition file (TOML)")
        parser.add_argument("applications", help="a JSON array of application documents")
        cli.add_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"].replace("_", "-").lower()):
            code = cli.run(
                options["call"],
                options["applications"],
                # One language for the whole run: each message looked up once, not per record.
                gettext=cache(translation.gettext),
                language=options["language"][:2].lower(),
                now=options["now"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
        if code:
            sys.exit(code)
