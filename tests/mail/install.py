"""A fresh opencall install driven through subprocesses: its own database (a SQLite
file, or a new PostgreSQL database when DATABASE_URL points at PostgreSQL), mail
sent to the test's SMTP server, real `db_worker` processes to start and kill."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


class Install:
    def __init__(self, *, tmp_path: Path, env: dict[str, str], settings: str) -> None:
        self.tmp_path = tmp_path
        self._drop: Callable[[], None] = lambda: None
        self.env = {
            **os.environ,
            **env,
            "DATABASE_URL": self._database(),
            "DJANGO_SETTINGS_MODULE": settings,
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: list[subprocess.Popen] = []

    def _database(self) -> str:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            return f"sqlite:///{self.tmp_path / 'opencall.sqlite3'}"
        import psycopg

        name = f"opencall_system_{secrets.token_hex(4)}"
        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self._drop = drop
        return urlunsplit(parts._replace(path=f"/{name}"))

    def manage(self, *args: str, timeout: float = 300) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "-v", "0", "-c", code)

    def set_up(self) -> None:
        """What `make run` does on a fresh machine, before starting the processes."""
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage("load_reference", "reference/hot-2022")
        self.manage("load_call", "calls/hot-summit-2022.toml", "--practice")

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        """Start a process in its own group (a reloading worker has a child too)."""
        log = (self.tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_worker(self, name: str) -> subprocess.Popen:
        return self.start(
            name,
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "default,mail",
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
                "--worker-id",
                name,
            ],
        )

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def log(self, name: str) -> str:
        return (self.tmp_path / f"{name}.log").read_text()

    def mails(self) -> list[dict[str, Any]]:
        return json.loads(
            self.python(
                "import json\n"
                "from opencall.mail.models import OutgoingMail\n"
                "rows = OutgoingMail.objects.order_by('pk').values("
                "'pk', 'key', 'to', 'status', 'phase', 'attempts', 'last_error')\n"
                "print(json.dumps(list(rows)))"
            )
        )

    def wait_until(self, what: Callable[[], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not what():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; mails: {self.mails()}")
            time.sleep(0.3)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.stop(process, signal.SIGKILL)
        self._drop()
