"""`make serve`'s supervisor: gunicorn answers, and a killed worker comes back by itself."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _until(predicate, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"not true within {seconds} s: {predicate.__doc__}")


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "WORKERS": "1",
        "DEBUG": "false",
        "OPENCALL_RUN_DIR": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    supervisor = subprocess.Popen(
        [BIN / "supervisord", "-c", "deploy/supervisord.conf"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def ctl(*args: str) -> str:
        command = [BIN / "supervisorctl", "-c", "deploy/supervisord.conf", *args]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        return result.stdout

    try:
        yield port, ctl
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=120)


def test_web_worker_and_scheduler_run_and_a_killed_worker_is_restarted(served):
    port, ctl = served

    def api_answers():
        """gunicorn serves the API's schema"""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json") as answer:
                return answer.status == 200
        except OSError:
            return False

    _until(api_answers)

    def all_running():
        """web, the worker and the scheduler are RUNNING"""
        status = ctl("status")
        names = ("web ", "worker:worker-0", "scheduler ")
        lines = [line for line in status.splitlines() if line.startswith(names)]
        return len(lines) == 3 and all("RUNNING" in line for line in lines)

    _until(all_running)
    old = int(ctl("pid", "worker:worker-0"))
    os.kill(old, signal.SIGKILL)

    def restarted():
        """a new worker process runs"""
        pid = ctl("pid", "worker:worker-0").strip()
        return pid.isdigit() and int(pid) not in (0, old) and all_running()

    _until(restarted)
