"""Create one demo user per staff role for a call, and print their passwords once.

    manage.py create_demo_staff hot-summit-2022-practice

Run again: existing demo users keep their accounts and get new passwords.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from opencall.accounts.models import StaffRole
from opencall.accounts.services import membership_add
from opencall.calls.models import Call

DEMO_STAFF = (
    ("demo-working-group", StaffRole.WORKING_GROUP, ""),
    ("demo-hub-esa", StaffRole.HUB_MANAGER, "esa"),
    ("demo-hub-ap", StaffRole.HUB_MANAGER, "ap"),
    ("demo-call-admin", StaffRole.CALL_ADMIN, ""),
)


class Command(BaseCommand):
    help = "Create demo staff (one per role) for a call and print their passwords once."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the call's slug, e.g. hot-summit-2022-practice")

    @transaction.atomic
    def handle(self, *args, slug: str, **options):
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            raise CommandError(f"no call '{slug}': load it first (manage.py load_call)")
        users = get_user_model().objects
        self.stdout.write(f"Demo staff for {slug} (sign in at /accounts/login/):")
        for username, role, hub in DEMO_STAFF:
            password = secrets.token_urlsafe(12)
            user, _created = users.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.set_password(password)
            user.save()
            membership_add(user=user, call=call, role=role, hub_code=hub)
            label = f"{role.label}" + (f" ({hub})" if hub else "")
            self.stdout.write(f"  {username:<20} {password}  {label}")
