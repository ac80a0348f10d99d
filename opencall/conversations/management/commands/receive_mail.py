"""Take one email from standard input, as a mail server's pipe hands it over.

    # Postfix, for example: reply+*@reply.example.org -> this command
    opencall-reply unix - n n - - pipe
      user=opencall argv=/srv/opencall/.venv/bin/python /srv/opencall/manage.py
      receive_mail --recipient ${recipient}

Exit codes follow sysexits, so the mail server bounces what opencall refuses:
67 (no such user) for an address that is not a valid reply address, 65 (data
error) for a message that cannot be an answer.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from opencall.conversations.inbound import InboundRefused, receive
from opencall.conversations.services import MessageRefused

EX_DATAERR = 65
EX_NOUSER = 67


class Command(BaseCommand):
    help = "Store an applicant's email reply (one RFC 5322 message on standard input)."

    def add_arguments(self, parser):
        parser.add_argument("--recipient", help="the envelope recipient, if the server gives it")

    def handle(self, *args, recipient: str | None = None, **options):
        raw = sys.stdin.buffer.read()
        try:
            message = receive(raw, envelope_recipient=recipient)
        except InboundRefused as exc:
            code = EX_NOUSER if exc.unknown_recipient else EX_DATAERR
            raise CommandError(str(exc), returncode=code) from exc
        except MessageRefused as exc:
            raise CommandError(str(exc), returncode=EX_DATAERR) from exc
        self.stdout.write(f"reply stored on application {message.application_id}")
