"""The README's three screenshots, remade from the demo data (`make screenshots`).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

In a throw-away folder: a SQLite database loaded as `make load` loads it (the 2022
call, its practice copy, the demo staff and the demo applications), `runserver` on a
free port, then Chromium takes the first screen of

- call.png: the practice call's page, 1280 px wide;
- form-step-phone.png: the first form step on a phone, 360 px wide;
- selection.png: the selection page, signed in as the demo working group member, after
  one scenario ran, 1280 px wide.

Each PNG is recompressed losslessly (its image data deflated again at the highest
level) to stay small in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import CHROMIUM, ensure_chromium
from local_site import BIN, load_the_2022_call, manage, serve

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(BIN / "python")
SLUG = "hot-summit-2022-practice"
WORKING_GROUP = "demo-working-group"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(folder: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    for name in ("OPENCALL_ENV", "DEBUG", "SECRET_KEY", "EMAIL_HOST", "REDIS_URL"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'demo.sqlite3'}",
        OPENCALL_INSTANCE_DIR=str(folder / "instance"),
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
    )
    return env


def _load(env: dict[str, str]) -> None:
    print("loading the demo data (a minute or two)...", flush=True)
    load_the_2022_call(env, quiet=True)
    manage(env, "create_demo_staff", SLUG, "-v", "0", quiet=True)
    manage(env, "load_demo_applications", SLUG, quiet=True)


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    # Tasks run in the request: the scenario is done when its page comes back.
    server_env = {**env, "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    command = [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    return serve(command, server_env, f"http://127.0.0.1:{port}/", log)


def _chunks(data: bytes):
    position = len(PNG_SIGNATURE)
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        yield kind, data[position + 8 : position + 8 + length]
        position += 12 + length


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def recompress(png: bytes) -> bytes:
    """The same pixels, the image data deflated at level 9 in one chunk; ancillary
    chunks dropped. Chromium writes its PNGs for speed, not size."""
    header, pixels = b"", b""
    for kind, body in _chunks(png):
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            pixels += body
    raw = zlib.decompress(pixels)
    packer = zlib.compressobj(9, zlib.DEFLATED, 15, 9)
    squeezed = packer.compress(raw) + packer.flush()
    return (
        PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", squeezed) + _chunk(b"IEND", b"")
    )


def _save(page, out: Path, name: str) -> None:
    png = recompress(page.screenshot(type="png"))
    (out / name).write_bytes(png)
    print(f"  {out / name}: {len(png) / 1024:.0f} KB")


def _shoot(base: str, out: Path, password: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
        )
        desktop = {"width": 1280, "height": 800}
        context = browser.new_context(
            viewport=desktop, locale="en-GB", timezone_id="Africa/Nairobi"
        )
        page = context.new_page()
        page.goto(f"{base}/calls/{SLUG}/", wait_until="networkidle")
        _save(page, out, "call.png")
        context.close()

        phone = browser.new_context(
            viewport={"width": 360, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="en-GB",
            timezone_id="Africa/Nairobi",
        )
        page = phone.new_page()
        page.goto(f"{base}/calls/{SLUG}/apply/", wait_until="networkidle")
        _save(page, out, "form-step-phone.png")
        phone.close()

        context = browser.new_context(
            viewport=desktop, locale="en-GB", timezone_id="Africa/Nairobi"
        )
        page = context.new_page()
        selection = f"/staff/calls/{SLUG}/selection/"
        page.goto(f"{base}/accounts/login/?next={selection}")
        page.locator("input[name=username]").fill(WORKING_GROUP)
        page.locator("input[name=password]").fill(password)
        page.locator("input[name=password]").press("Enter")
        page.wait_for_url(f"**{selection}")
        page.locator("input[name=name]").fill("First try")
        page.get_by_role("button", name="Run the optimiser").click()
        page.wait_for_load_state("networkidle")
        page.goto(base + selection, wait_until="networkidle")  # without the flash message
        _save(page, out, "selection.png")
        context.close()
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    ensure_chromium()
    folder = Path(tempfile.mkdtemp(prefix="opencall-screenshots-"))
    port = _free_port()
    env = _env(folder, port)
    server = None
    try:
        _load(env)
        password = json.loads((folder / "instance" / "demo-staff.json").read_text())[WORKING_GROUP]
        server = _serve(env, port, folder / "runserver.log")
        _shoot(f"http://127.0.0.1:{port}", args.out, password)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
