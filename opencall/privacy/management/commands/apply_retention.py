"""Anonymise the applications whose call's retention period is over (docs/privacy.md)."""

from django.core.management.base import BaseCommand

from opencall.privacy.services import retention_apply, retention_due


class Command(BaseCommand):
    help = (
        "Anonymise the personal data of declined, withdrawn and never submitted "
        "applications once their call's retention period (months after closing) is over."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = retention_due()
            for call, applications in due.items():
                refs = ", ".join(application.ref for application in applications)
                self.stdout.write(f"{call.slug}: would anonymise {len(applications)} ({refs})")
            if not due:
                self.stdout.write("Nothing to anonymise.")
            return
        done = retention_apply()
        for slug, count in done.items():
            self.stdout.write(f"{slug}: anonymised {count} application(s)")
        if not done:
            self.stdout.write("Nothing to anonymise.")
