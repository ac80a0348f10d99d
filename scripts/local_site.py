"""A throw-away opencall site for the scripts that look at real pages (the README's
screenshots, bench/weight.py): the 2022 call loaded into a database of their own, and a
server started on a free port that does not outlive the script."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


def manage(env: dict[str, str], *args: str, quiet: bool = False) -> None:
    subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def load_the_2022_call(env: dict[str, str], *, quiet: bool = False) -> None:
    """Migrate, then load the reference data, the call and its practice copy."""
    manage(env, "migrate", "--no-input", "-v", "0", quiet=quiet)
    manage(env, "load_reference", "reference/hot-2022", quiet=quiet)
    manage(env, "load_call", "calls/hot-summit-2022.toml", quiet=quiet)
    manage(env, "load_call", "calls/hot-summit-2022.toml", "--practice", quiet=quiet)


def serve(command: list[str], env: dict[str, str], url: str, log: Path) -> subprocess.Popen:
    """Start the server and wait until `url` answers (any status will do)."""
    server = subprocess.Popen(  # noqa: S603 (our own server, fixed arguments)
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:  # whatever goes wrong while waiting, the server does not outlive this script
        _wait_until_up(url, server, log)
    except BaseException:
        server.terminate()
        raise
    return server


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 (http on loopback)
            return
        except urllib.error.HTTPError:  # any answer will do (/healthz: 503 without a worker)
            return
        except OSError:  # not listening yet, or still starting
            if server.poll() is not None:
                break
            time.sleep(0.3)
    name = Path(str(server.args[0])).name
    raise SystemExit(f"{name} did not answer; its log: {log}\n{log.read_text()[-2000:]}")
