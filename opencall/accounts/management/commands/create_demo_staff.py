"""Create one demo user per staff role for a call, and print their sign-in names and passwords.

    manage.py create_demo_staff hot-summit-2022-practice
    manage.py create_demo_staff hot-summit-2022-practice --reset-passwords

The passwords are kept in the instance folder (settings.INSTANCE_DIR, git-ignored,
readable by its owner only), so each run prints the same ones; --reset-passwords makes
new ones. `--wait-for URL --idle` is for `make run`: print once the site answers and the
worker has caught up, so the sign-in details are seen last, then stay (honcho stops
everything when one process exits).
"""

import json
import os
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from opencall.accounts.models import StaffRole
from opencall.accounts.services import membership_add
from opencall.calls.models import Call
from opencall.core.background import database_workers

DEMO_STAFF = (
    ("demo-working-group", StaffRole.WORKING_GROUP, ""),
    ("demo-hub-esa", StaffRole.HUB_MANAGER, "esa"),
    ("demo-hub-ap", StaffRole.HUB_MANAGER, "ap"),
    ("demo-call-admin", StaffRole.CALL_ADMIN, ""),
)
WAIT_SECONDS = 60


def passwords_file() -> Path:
    return Path(settings.INSTANCE_DIR) / "demo-staff.json"


def _read_passwords(path: Path) -> dict[str, str]:
    try:
        stored = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {name: password for name, password in stored.items() if isinstance(password, str)}


def _write_passwords(path: Path, passwords: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created readable by the owner only, then filled: never a moment world-readable.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(passwords, out, indent=2, sort_keys=True)
    path.chmod(0o600)


def _wait_for(url: str) -> bool:
    """True once the URL answers at all (any HTTP status), False after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 (our own site)
            return True
        except urllib.error.HTTPError:
            return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    return False


def _wait_for_the_worker() -> None:
    """Let the worker print what is queued (the demo applications' mail) first."""
    if not database_workers():
        return
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if not (DBTaskResult.objects.ready() | DBTaskResult.objects.running()).exists():
            time.sleep(1)  # the last task's own log lines
            return
        time.sleep(0.5)


class Command(BaseCommand):
    help = "Create demo staff (one per role) for a call; print their sign-in names and passwords."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the call's slug, e.g. hot-summit-2022-practice")
        parser.add_argument(
            "--reset-passwords", action="store_true", help="give every demo user a new password"
        )
        parser.add_argument("--wait-for", metavar="URL", help="print once this URL answers")
        parser.add_argument(
            "--idle", action="store_true", help="stay running after printing (for honcho)"
        )

    def handle(self, *args, slug: str, reset_passwords: bool, wait_for: str | None, **options):
        if wait_for:
            if not _wait_for(wait_for):
                self.stderr.write(f"{wait_for} did not answer in {WAIT_SECONDS} s")
            _wait_for_the_worker()
        lines = self._create(slug=slug, reset=reset_passwords)
        if options["verbosity"] > 0:
            site = settings.SITE_URL
            self.stdout.write(f"\nopencall is at {site}/")
            self.stdout.write(f"Demo staff for {slug} (sign in at {site}/accounts/login/):")
            for line in lines:
                self.stdout.write(line)
            self.stdout.write(
                f"Passwords are kept in {passwords_file()}; new ones: "
                f"manage.py create_demo_staff {slug} --reset-passwords (make demo-passwords)\n"
            )
            self.stdout.flush()
        while options["idle"]:
            time.sleep(3600)

    @transaction.atomic
    def _create(self, *, slug: str, reset: bool) -> list[str]:
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            raise CommandError(f"no call '{slug}': load it first (manage.py load_call)")
        path = passwords_file()
        passwords = {} if reset else _read_passwords(path)
        users = get_user_model().objects
        lines = []
        for username, role, hub in DEMO_STAFF:
            password = passwords.setdefault(username, secrets.token_urlsafe(12))
            user, _created = users.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
            membership_add(user=user, call=call, role=role, hub_code=hub)
            label = f"{role.label}" + (f" ({hub})" if hub else "")
            lines.append(f"  {username:<20} {password}  {label}")
        _write_passwords(path, passwords)
        return lines
