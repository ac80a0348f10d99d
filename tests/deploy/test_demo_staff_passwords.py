"""`create_demo_staff` keeps the demo passwords across runs and resets them on request."""

import re
import stat
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _instance_dir(settings, tmp_path):
    settings.INSTANCE_DIR = tmp_path


def _run(capsys, slug: str, *args: str) -> tuple[str, dict[str, str]]:
    call_command("create_demo_staff", slug, *args)
    output = capsys.readouterr().out
    return output, dict(re.findall(r"^\s+(demo-\S+)\s+(\S+)", output, re.MULTILINE))


def _signs_in(username: str, password: str) -> bool:
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


def test_passwords_are_the_same_on_every_run(open_call, capsys, tmp_path):
    _output, first = _run(capsys, open_call.slug)
    _output, second = _run(capsys, open_call.slug)
    assert len(first) == 4
    assert second == first
    assert all(_signs_in(name, password) for name, password in second.items())
    stored = tmp_path / "demo-staff.json"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_reset_passwords_gives_new_ones_and_the_old_stop_working(open_call, capsys):
    _output, old = _run(capsys, open_call.slug)
    _output, new = _run(capsys, open_call.slug, "--reset-passwords")
    assert set(new) == set(old)
    assert all(new[name] != old[name] for name in old)
    assert all(_signs_in(name, password) for name, password in new.items())
    assert not _signs_in("demo-hub-esa", old["demo-hub-esa"])
    _output, again = _run(capsys, open_call.slug)
    assert again == new


def test_a_fresh_database_gets_the_stored_passwords_back(open_call, capsys):
    from django.contrib.auth import get_user_model

    _output, first = _run(capsys, open_call.slug)
    get_user_model().objects.filter(username__startswith="demo-").delete()
    _output, second = _run(capsys, open_call.slug)
    assert second == first
    assert _signs_in("demo-call-admin", first["demo-call-admin"])


def test_the_sign_in_details_come_after_the_site_answers(open_call, capsys, settings):
    answered = threading.Event()

    class Site(BaseHTTPRequestHandler):
        def do_GET(self):
            answered.set()
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.SITE_URL = url.rstrip("/")
    try:
        output, passwords = _run(capsys, open_call.slug, "--wait-for", url)
    finally:
        server.shutdown()
    assert answered.is_set()
    assert len(passwords) == 4
    assert f"sign in at {url}accounts/login/" in output
    assert output.rstrip().endswith("(make demo-passwords)")
