"""Import a Google Form's responses (CSV or XLSX) into a call, or check a mapping first.

    python manage.py import_responses CALL_SLUG FILE --mapping MAPPING.json [--dry-run]

Prints one JSON object: {"imported", "updated", "unchanged", "errors", "skipped"}.
Exit 0 when the file was read (bad rows are reported, not fatal); 2 when the call, the
file or the mapping cannot be used, with the reason on stderr. See docs/import.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opencall.calls.models import Call
from opencall.imports.services import UnreadableImport, import_file

UNREADABLE = 2


class Command(BaseCommand):
    help = "Import a responses spreadsheet (CSV or XLSX) into a call; prints a JSON report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("call", help="the call's slug")
        parser.add_argument("file", help="the responses file, .csv or .xlsx")
        parser.add_argument("--mapping", required=True, help="the mapping, a JSON file")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen, store nothing"
        )

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(UNREADABLE)

    def handle(self, *args: Any, **options: Any) -> None:
        call = Call.objects.filter(slug=options["call"]).first()
        if call is None:
            self._fail(f"no call '{options['call']}': load it first (manage.py load_call FILE)")
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            self._fail(f"{path}: cannot be read ({exc.strerror or exc})")
        mapping_path = Path(options["mapping"])
        try:
            mapping = json.loads(mapping_path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            self._fail(f"{mapping_path}: cannot be read ({exc.strerror or exc})")
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            self._fail(f"{mapping_path}: not JSON ({exc})")
        try:
            report = import_file(
                call=call,
                file_name=path.name,
                content=content,
                mapping=mapping,
                by=None,
                dry_run=options["dry_run"],
            )
        except UnreadableImport as exc:
            self._fail("\n".join(exc.problems))
        for note in report.notes:
            self.stderr.write(note)
        self.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
