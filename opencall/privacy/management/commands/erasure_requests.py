"""The erasures waiting for a call administrator: list them, erase or refuse one."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from opencall.privacy.models import ErasureRequest
from opencall.privacy.services import NotACallAdministrator, erasure_decide


class Command(BaseCommand):
    help = (
        "List the erasures waiting for a call administrator; with --erase ID or --refuse ID "
        "(and --reason), decide one as the call administrator named by --by."
    )

    def add_arguments(self, parser):
        parser.add_argument("--erase", type=int, metavar="ID")
        parser.add_argument("--refuse", type=int, metavar="ID")
        parser.add_argument("--reason", default="")
        parser.add_argument("--by", metavar="USERNAME")

    def handle(self, *args, erase=None, refuse=None, reason="", by=None, **options):
        if erase is None and refuse is None:
            waiting = ErasureRequest.objects.filter(status=ErasureRequest.Status.WAITING)
            for item in waiting.select_related("application__call"):
                application = item.application
                self.stdout.write(
                    f"{item.pk}\t{application.ref}\t{application.get_status_display()}\t"
                    f"asked {item.asked_at:%Y-%m-%d}"
                )
            if not waiting.exists():
                self.stdout.write("No erasure is waiting.")
            return
        if not by:
            raise CommandError("Name the call administrator who decides: --by USERNAME")
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user named '{by}'.")
        request = ErasureRequest.objects.filter(pk=erase or refuse).first()
        if request is None:
            raise CommandError(f"No erasure request {erase or refuse}.")
        try:
            erasure_decide(request=request, by=user, erase=erase is not None, reason=reason)
        except NotACallAdministrator as exc:
            raise CommandError(f"{by} is not a call administrator of {exc}.") from exc
        except ValueError as exc:
            raise CommandError('A refusal needs its reason: --reason "..."') from exc
        self.stdout.write("Erased." if erase is not None else "Refused.")
