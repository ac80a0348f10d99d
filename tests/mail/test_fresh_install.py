"""A fresh install, started the way the Procfile starts it: an application
submitted there gets its mail through the worker."""

import shlex
import sys

from tests.mail.install import ROOT, Install

SUBMIT = """
import uuid
from opencall.applications.document import ApplicationDocument
from opencall.applications.services import application_start
from opencall.screening.services import application_submit_and_screen
from opencall.calls.models import Call
document = ApplicationDocument.model_validate({
    "event_name": "State of the Map Kenya",
    "format": "conference",
    "organisation": "OpenStreetMap Kenya",
    "contacts": [{"name": "Wanjiru", "email": "wanjiru@example.org"}],
    "scope": "regional",
    "language": "fr",
})
call = Call.objects.get(is_practice=True)
application, _created = application_start(call=call, form_key=uuid.uuid4(), document=document)
application_submit_and_screen(application=application)
print(application.ref)
"""


def _procfile_command(name: str) -> list[str]:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            command = shlex.split(line.split(":", 1)[1])
            return [sys.executable, *command[1:]]
    raise AssertionError(f"no {name} in the Procfile")


def test_an_application_submitted_on_a_fresh_install_is_confirmed_through_the_worker(
    tmp_path, smtp_server
):
    install = Install(tmp_path=tmp_path, env=smtp_server.env, settings="opencall.settings")
    try:
        install.set_up()
        install.start("worker", _procfile_command("worker"))
        ref = install.python(SUBMIT).strip()

        received = smtp_server.wait_for(2, to="wanjiru@example.org", timeout=60)

        assert sorted(message.subject for message in received) == [
            f"Nous avons bien reçu votre candidature {ref}",
            "Votre candidature à Copie d'entraînement : HOT Summit 2022 : collaborations avec "
            "des conférences est enregistrée comme brouillon",
        ]
        install.wait_until(lambda: {mail["status"] for mail in install.mails()} == {"sent"})
    finally:
        install.close()
