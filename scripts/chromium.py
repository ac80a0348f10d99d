"""Debian's Chromium for Playwright (`playwright install` cannot download here).

The browser tests, the screenshots and the page-weight bench all launch it. When it is
missing and we are root, `ensure_chromium` installs it with apt-get, so a fresh machine
needs nothing by hand.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# Chromium's own background traffic is refused by this network; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumMissing(RuntimeError):
    pass


def _present() -> bool:
    return bool(shutil.which("chromium")) or os.path.exists(CHROMIUM)


def ensure_chromium() -> None:
    """Chromium is there after this, or ChromiumMissing says how to get it."""
    if _present():
        return
    if os.geteuid() != 0:
        raise ChromiumMissing(
            f"Debian's chromium is needed at {CHROMIUM}: run `apt-get install chromium` as root."
        )
    # The suite runs in several processes (pytest-xdist): one installs while the others
    # wait on the lock, then find it there (apt-get refuses a second install at once).
    with (Path(tempfile.gettempdir()) / "opencall-chromium-install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _present():
            return
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
