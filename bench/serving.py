"""What the web benches share: a site migrated and loaded in a throw-away folder,
gunicorn started and stopped, a bare Django hello-world, and a load generator.

wrk is not installed, so the load comes from Python: several processes, each with
threads that open a connection per request (gunicorn's sync workers close it after
each answer anyway) and record each request's latency. On the 2-core machine the
generator competes with the server for the CPU, as wrk would.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"
PRACTICE = "hot-summit-2022-practice"
CALL = "hot-summit-2022"

HELLO = """
from django.conf import settings

settings.configure(
    DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"], ROOT_URLCONF=__name__, SECRET_KEY="%s",
    MIDDLEWARE=[],
)
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
"""

PUBLISH = """
from opencall.selection.models import SelectionSettings
from opencall.calls.models import Call
for call in Call.objects.all():
    SelectionSettings.objects.update_or_create(
        call=call, defaults={"publish_supported_events": True}
    )
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def site_env(folder: Path, database_url: str | None = None) -> dict[str, str]:
    """Production-like: DEBUG off, no toolbar, WARNING logs; the draft limits out of
    reach (the load comes from one address); SQLite in `folder` unless told."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DATABASE_"))}
    env.pop("REDIS_URL", None)  # each run's cache is its own
    env.update(
        {
            "DATABASE_URL": database_url or f"sqlite:///{folder / 'bench.sqlite3'}",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "LOG_LEVEL": "WARNING",
            "OPENCALL_INSTANCE_DIR": str(folder / "var"),
            "OPENCALL_UPLOADS_DIR": str(folder / "uploads"),
            "DRAFTS_PER_CLIENT_PER_HOUR": "100000000",
            "DRAFTS_PER_ADDRESS_PER_HOUR": "100000000",
            "MAILS_PER_ADDRESS_PER_HOUR": "100000000",
            "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")


def load_site(env: dict[str, str]) -> None:
    """Migrated, the 2022 call and its practice copy loaded, supported events published."""
    started = time.monotonic()
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_reference", "reference/hot-2022")
    manage(env, "load_call", "calls/hot-summit-2022.toml")
    manage(env, "load_call", "calls/hot-summit-2022.toml", "--practice")
    manage(env, "shell", "-c", PUBLISH)
    print(f"site migrated and loaded in {time.monotonic() - started:.0f} s", flush=True)


@dataclass
class Server:
    """gunicorn with `workers` sync workers, on a free port, until stop()."""

    app: str
    env: dict[str, str]
    workers: int = 2
    cwd: Path = ROOT
    port: int = field(default_factory=free_port)
    popen: subprocess.Popen | None = None

    def start(self, probe: str = "/") -> Server:
        argv = [GUNICORN, self.app, "--bind", f"{HOST}:{self.port}", "--workers"]
        argv += [str(self.workers), "--preload", "--timeout", "120", "--backlog", "2048"]
        argv += ["--no-control-socket", "--log-level", "warning"]
        self.popen = subprocess.Popen(argv, cwd=self.cwd, env=self.env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}{probe}", timeout=10):
                    return self
            except OSError:
                if self.popen.poll() is not None:
                    raise SystemExit(f"gunicorn {self.app} exited") from None
                time.sleep(0.3)
        raise SystemExit(f"gunicorn {self.app} did not answer in 120 s")

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def hello_server(folder: Path) -> Server:
    (folder / "hello_world.py").write_text(HELLO % secrets.token_urlsafe(40))
    env = {**os.environ, "PYTHONPATH": str(folder)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return Server("hello_world:application", env, cwd=folder)


# ---- load generator ----


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class Visitor:
    """One connection's client: keeps its cookies (by hand: the bench speaks plain
    HTTP, so no cookie is withheld for being Secure) and sends a request at a time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, body: str = "", headers=None) -> Answer:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            sent = {"Host": f"{HOST}:{self.port}", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if method == "POST":
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _eq, val = pair.partition("=")
                    self.cookies[key.strip()] = val.strip()
            return Answer(response.status, dict(response.getheaders()), data)
        finally:
            connection.close()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, answered ones
    errors: int = 0
    seconds: float = 0.0

    def add(self, other: Tally) -> None:
        self.latencies += other.latencies
        self.errors += other.errors

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


# A connection's loop: given its Visitor, returns a function that makes one request
# and says whether it was answered as expected. Built in the worker process.
Maker = Callable[[Visitor], Callable[[], bool]]


def _process(port, maker, threads, duration, queue) -> None:
    tally = Tally()
    lock = threading.Lock()
    ready = threading.Barrier(threads)

    def run() -> None:
        visitor = Visitor(port)
        try:
            one = maker(visitor)
        except Exception:  # a setup that fails counts as an error, not a crash
            with lock:
                tally.errors += 1
            ready.wait()
            return
        ready.wait()
        own, errors = [], 0
        stop_at = time.monotonic() + duration
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                ok = one()
            except OSError:
                ok = False
            if ok:
                own.append(time.perf_counter() - started)
            else:
                errors += 1
        with lock:
            tally.latencies += own
            tally.errors += errors

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(tally)


def hammer(port: int, maker: Maker, *, connections: int, duration: float) -> Tally:
    """`connections` loops at once for `duration` seconds, spread over processes."""
    processes = max(1, min(connections, os.cpu_count() or 2, 4))
    per = [connections // processes + (i < connections % processes) for i in range(processes)]
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = [
        context.Process(target=_process, args=(port, maker, n, duration, queue)) for n in per if n
    ]
    for child in children:
        child.start()
    total = Tally()
    for _child in children:
        total.add(queue.get())
    for child in children:
        child.join()
    total.seconds = duration  # each loop runs `duration` seconds once set up
    return total


def workdir(prefix: str) -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix=prefix)


def machine_line() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from machine import cpu_model

    return f"machine: {cpu_model()}, {os.cpu_count()} cores, python {sys.version.split()[0]}"
