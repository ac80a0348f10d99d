"""The bench's own stack on loopback: a throw-away PostgreSQL cluster, the app
migrated with the 2022 practice call, gunicorn, the background worker(s), the mail
scheduler and a recording SMTP server. Everything it starts, it stops; the cluster
is dropped at the end (run.py). The shared cluster on 5432 is never touched.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from smtp import MailRecorder

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"
PG_VERSION = "15"
SLUG = "hot-summit-2022-practice"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Options:
    cluster: str = "ocbench"
    pg_port: int = 5438
    web_workers: int = 4
    workers: int = 1
    worker_command: str = "manage.py run_worker --interval 1 --queue-name default,mail"
    scheduler_command: str = "manage.py mail_scheduler --interval 2"
    app_env: dict[str, str] = field(default_factory=dict)
    smtp_delay: float = 0.0
    smtp_delay_stage: str = "data"
    keep: bool = False


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path
    started: float = field(default_factory=time.monotonic)
    exited_at: float | None = None

    def alive(self) -> bool:
        if self.popen.poll() is None:
            return True
        if self.exited_at is None:
            self.exited_at = time.monotonic()
        return False


class Cluster:
    """The bench's own PostgreSQL cluster, with a template database migrated and
    loaded once; each run gets a fresh copy of it (seconds, not a minute)."""

    TEMPLATE = "opencall_template"

    def __init__(self, options: Options, logs: Path) -> None:
        self.options = options
        self.logs = logs
        self._made = False

    def url(self, database: str) -> str:
        return f"postgres://postgres@{HOST}:{self.options.pg_port}/{database}"

    def _clusters(self) -> list[list[str]]:
        out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True)
        return [line.split() for line in out.stdout.splitlines() if line.strip()]

    def make(self, env: dict[str, str]) -> None:
        name, port = self.options.cluster, str(self.options.pg_port)
        if port == "5432" or name == "main":
            raise SystemExit("the bench makes its own cluster: never 'main' or port 5432")
        for version, other, other_port, *_ in self._clusters():
            if other_port == port and (version, other) != (PG_VERSION, name):
                raise SystemExit(f"port {port} is taken by cluster {version}/{other}")
            if (version, other) == (PG_VERSION, name):  # left over by a run that crashed
                self.drop()
        started = time.monotonic()
        subprocess.run(
            [
                *("pg_createcluster", PG_VERSION, name, "--port", port, "--start"),
                *("--", "--auth-host=trust", "--auth-local=trust"),
            ],
            check=True,
            capture_output=True,
        )
        self._made = True
        self.execute(f"CREATE DATABASE {self.TEMPLATE}")
        print(f"cluster {name} on port {port} in {time.monotonic() - started:.0f} s", flush=True)
        env = {**env, "DATABASE_URL": self.url(self.TEMPLATE)}
        manage(env, self.logs, "migrate", "--no-input", "-v", "0")
        manage(env, self.logs, "load_reference", "reference/hot-2022")
        manage(env, self.logs, "load_call", "calls/hot-summit-2022.toml", "--practice")
        print(f"migrated and loaded in {time.monotonic() - started:.0f} s", flush=True)

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(sql)

    def copy(self, database: str) -> str:
        self.execute(f"DROP DATABASE IF EXISTS {database}")
        self.execute(f"CREATE DATABASE {database} TEMPLATE {self.TEMPLATE}")
        return self.url(database)

    def pg_ctl(self, action: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", PG_VERSION, self.options.cluster, action],
            check=True,
            capture_output=True,
        )

    def drop(self) -> None:
        if self.options.keep:
            return
        subprocess.run(
            ["pg_dropcluster", "--stop", PG_VERSION, self.options.cluster],
            check=False,
            capture_output=True,
        )


def manage(env: dict[str, str], logs: Path, *args: str) -> None:
    log = logs / "setup.log"
    with log.open("a") as out:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed: see {log}")


class Stack:
    """One run's processes over a fresh copy of the template database."""

    def __init__(self, options: Options, cluster: Cluster, database: str) -> None:
        self.options = options
        self.cluster = cluster
        self.logs = Path(tempfile.mkdtemp(prefix="opencall-load-"))
        self.web_port = free_port()
        self.smtp = MailRecorder(
            HOST, free_port(), delay=options.smtp_delay, stage=options.smtp_delay_stage
        )
        self.database_name = database
        self.database = cluster.url(database)
        self.processes: list[Process] = []
        self.workers: list[Process] = []
        self.web: Process | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.web_port}"

    def env(self) -> dict[str, str]:
        return app_env(self.options, self.database, self.base_url, self.smtp)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.database, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()

    def spawn(self, name: str, argv: list[str]) -> Process:
        log = self.logs / f"{name}.log"
        with log.open("a") as out:
            popen = subprocess.Popen(
                argv, cwd=ROOT, env=self.env(), stdout=out, stderr=subprocess.STDOUT
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def start_web(self) -> None:
        # --preload: the app is imported once, before the fork. A long --timeout: on a
        # busy machine a worker's first page (templates compiled) takes its time.
        # No control socket: its default path is shared by every gunicorn of the user.
        self.web = self.spawn(
            "web",
            [
                *(GUNICORN, "opencall.wsgi:application", "--bind", f"{HOST}:{self.web_port}"),
                *("--workers", str(self.options.web_workers), "--preload", "--timeout", "120"),
                *("--graceful-timeout", "5", "--backlog", "256", "--no-control-socket"),
            ],
        )

    def start_worker(self) -> Process:
        argv = [PYTHON, *shlex.split(self.options.worker_command)]
        worker = self.spawn(f"worker-{len(self.workers) + 1}", argv)
        self.workers.append(worker)
        return worker

    def start_scheduler(self) -> None:
        self.spawn("scheduler", [PYTHON, *shlex.split(self.options.scheduler_command)])

    def wait_until_serving(self, timeout: float = 240.0) -> None:
        """Until every web worker has answered a page (each renders its first slowly)."""
        deadline = time.monotonic() + timeout
        url = f"{self.base_url}/calls/{SLUG}/apply/"
        answered = 0
        while time.monotonic() < deadline and answered < 2 * self.options.web_workers:
            if self.web and not self.web.alive():
                raise SystemExit(f"gunicorn stopped: see {self.web.log}")
            try:
                with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310 (loopback)
                    answered += answer.status == 200
            except OSError:
                time.sleep(0.5)
        if answered < 2 * self.options.web_workers:
            raise SystemExit(f"the site did not answer within {timeout:.0f} s: see {self.logs}")

    def up(self) -> None:
        print(f"logs in {self.logs}", flush=True)
        started = time.monotonic()
        self.cluster.copy(self.database_name)
        self.smtp.start()
        self.start_web()
        for _ in range(self.options.workers):
            self.start_worker()
        self.start_scheduler()
        self.wait_until_serving()
        print(f"stack up in {time.monotonic() - started:.0f} s: {self.base_url}", flush=True)

    @staticmethod
    def stop(process: Process, sig: int = signal.SIGTERM, wait: float = 10.0) -> None:
        if process.popen.poll() is None:
            process.popen.send_signal(sig)
            try:
                process.popen.wait(wait)
            except subprocess.TimeoutExpired:
                process.popen.kill()
                process.popen.wait()

    def down(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)
        self.smtp.stop()


def app_env(options: Options, database: str, site: str, smtp: MailRecorder | None) -> dict:
    """The app's environment: loopback everything, the bench's settings and limits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DATABASE_"))}
    env.pop("REDIS_URL", None)  # a shared Redis is not the bench's to fill
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DATABASE_URL": database,
            "DEBUG": "0",
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": site,
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collected static
        }
    )
    if smtp is not None:
        env.update(
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": smtp.host,
                "EMAIL_PORT": str(smtp.port),
                "EMAIL_TIMEOUT": "10",
                "EMAIL_USE_TLS": "0",
                "EMAIL_USE_SSL": "0",
            }
        )
    env.update(options.app_env)
    return env
