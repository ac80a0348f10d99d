"""What the applicant's first two pages weigh over the wire, with everything they load.

    .venv/bin/python bench/weight.py [--keep]

Production settings (OPENCALL_ENV=production, DEBUG off, whitenoise's compressed and
hashed static files from `collectstatic`), served by gunicorn as deployed
(deploy/gunicorn.conf.py), the 2022 call's practice copy in a throw-away SQLite
database. Chromium opens each page in a fresh context (a cold cache) and counts what
the network events say crossed the wire for every request the page made: compressed
body plus response headers, as served (gzip here; brotli when the package is
installed). 1 KB = 1,024 bytes. `collectstatic` writes the checkout's staticfiles/
(git-ignored), as `make serve` does.

Targets (issue 12): the call page <= 30 KB, the first form step <= 60 KB. Exit 1 when
one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from machine import cpu_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from chromium import CHROMIUM, ensure_chromium
from local_site import BIN, load_the_2022_call, manage, serve

ROOT = Path(__file__).resolve().parent.parent
SLUG = "hot-summit-2022-practice"
KB = 1024
PAGES = (
    ("call page", f"/calls/{SLUG}/", 30),
    ("first form step", f"/calls/{SLUG}/apply/", 60),
)


@dataclass
class Resource:
    path: str
    kind: str
    status: int
    encoding: str
    body: int  # bytes of the body as sent (compressed)
    headers: int

    @property
    def wire(self) -> int:
        return self.body + self.headers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(folder: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(
        OPENCALL_ENV="production",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{folder / 'weight.sqlite3'}",
        OPENCALL_INSTANCE_DIR=str(folder / "instance"),
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS, no HSTS to remember.
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        EMAIL_HOST="mail.invalid",  # required in production; these pages send no mail
        SITE_URL=f"http://127.0.0.1:{port}",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        LOG_LEVEL="WARNING",
    )
    return env


def _prepare(env: dict[str, str]) -> None:
    load_the_2022_call(env)
    # What production serves: hashed names, and a .gz (a .br with brotli) beside each file.
    manage(env, "collectstatic", "--no-input", "--clear", "-v", "0")


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "opencall.wsgi"]
    return serve(command, env, f"http://127.0.0.1:{port}/healthz", log)


def _measure(browser, base: str, path: str) -> list[Resource]:
    """Every request the page made, loaded in a new context: nothing cached."""
    context = browser.new_context(locale="en-GB", timezone_id="Africa/Nairobi")
    page = context.new_page()
    done = []
    page.on("requestfinished", lambda request: done.append(request))
    page.goto(base + path, wait_until="networkidle")
    resources = []
    for request in done:
        response = request.response()
        sizes = request.sizes()
        headers = response.headers if response else {}
        resources.append(
            Resource(
                path=urlsplit(request.url).path,
                kind=request.resource_type,
                status=response.status if response else 0,
                encoding=headers.get("content-encoding", "none"),
                body=sizes["responseBodySize"],
                headers=sizes["responseHeadersSize"],
            )
        )
    context.close()
    return resources


def _report(name: str, path: str, target_kb: int, resources: list[Resource]) -> bool:
    total = sum(r.wire for r in resources)
    met = total <= target_kb * KB
    print(f"\n{name}: {path}")
    for r in resources:
        print(
            f"  {r.wire / KB:7.1f} KB  {r.kind:<10} {r.status} {r.encoding:<5} {r.path}"
            f"  (body {r.body:,} B, headers {r.headers:,} B)"
        )
    print(f"  {total / KB:7.1f} KB  in {len(resources)} requests")
    print(
        f"TARGET page weight {name}: {total / KB:.1f} KB over the wire"
        f" (target <= {target_kb} KB) {'met' if met else 'not met'}"
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the throw-away folder")
    args = parser.parse_args(argv)
    print(f"machine: {platform.platform()}; CPU: {cpu_model()}; {os.cpu_count()} CPUs")
    print(f"python {platform.python_version()}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    ensure_chromium()
    folder = Path(tempfile.mkdtemp(prefix="opencall-weight-"))
    port = _free_port()
    env = _env(folder, port)
    server = None
    try:
        _prepare(env)
        server = _serve(env, port, folder / "gunicorn.log")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            print(f"chromium {browser.version}; gunicorn, 2 processes, production settings")
            met = [
                _report(name, path, target, _measure(browser, f"http://127.0.0.1:{port}", path))
                for name, path, target in PAGES
            ]
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print("\nall targets met" if all(met) else "\nmissed a target")
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
